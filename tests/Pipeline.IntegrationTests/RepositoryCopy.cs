using Pipeline.Tests.Shared;

namespace Pipeline.IntegrationTests;

/// <summary>Copies what this repository's Train reads (data, params, the model's sources) into a sandbox.</summary>
internal static class RepositoryCopy
{
    public static BuildSandbox WithTrainingInputs()
    {
        var sandbox = new BuildSandbox();
        var root = RepositoryRoot.Path;
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "data"), "*", SearchOption.AllDirectories)
                     .Concat(Directory.EnumerateFiles(Path.Combine(root, "src/Model"), "*", SearchOption.AllDirectories))
                     .Append(RepositoryRoot.FixtureParams))
        {
            var relative = file == RepositoryRoot.FixtureParams ? "params.yaml" : Path.GetRelativePath(root, file).Replace('\\', '/');
            if (relative.Contains("/bin/") || relative.Contains("/obj/"))
                continue;
            Directory.CreateDirectory(Path.GetDirectoryName(sandbox.PathOf(relative))!);
            File.Copy(file, sandbox.PathOf(relative));
        }

        return sandbox;
    }
}
