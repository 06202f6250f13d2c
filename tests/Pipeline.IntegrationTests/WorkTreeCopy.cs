using CliWrap;
using CliWrap.Buffered;
using Pipeline.Tests.Shared;

namespace Pipeline.IntegrationTests;

/// <summary>This repository's tracked files as they are in the work tree (uncommitted edits included), as a new repository of their own.</summary>
internal static class WorkTreeCopy
{
    /// <summary>Copies the tracked files under <paramref name="root"/> (a tracked file deleted in the work tree is left out).</summary>
    public static async Task CopyTrackedFilesAsync(string root, CancellationToken token)
    {
        var files = (await Cli.Wrap("git").WithArguments(["ls-files", "-z"]).WithWorkingDirectory(RepositoryRoot.Path).ExecuteBufferedAsync(token)).StandardOutput
            .Split('\0', StringSplitOptions.RemoveEmptyEntries);
        foreach (var file in files)
        {
            var source = Path.Combine(RepositoryRoot.Path, file);
            if (!File.Exists(source))
                continue;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(root, file))!);
            File.Copy(source, Path.Combine(root, file));
        }
    }

    /// <summary>Makes <paramref name="root"/> a repository on main with everything in it committed.</summary>
    public static async Task CommitAllAsync(string root, CancellationToken token)
    {
        foreach (var git in new[] { new[] { "init", "-q", "-b", "main" }, ["add", "-A"], ["-c", "user.email=ci@example.invalid", "-c", "user.name=CI", "commit", "-qm", "clone"] })
            await Cli.Wrap("git").WithArguments(git).WithWorkingDirectory(root).ExecuteBufferedAsync(token);
    }
}
