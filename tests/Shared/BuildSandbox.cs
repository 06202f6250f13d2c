using Pipeline.Build;
using Pipeline.Build.Execution;
using Spectre.Console;

namespace Pipeline.Tests.Shared;

/// <summary>A throw-away repository root (with .nuke/) in which a build runs in-process, its output captured.</summary>
internal sealed class BuildSandbox : IDisposable
{
    public BuildSandbox()
    {
        Root = Path.Combine(Path.GetTempPath(), "pipeline-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(Root, ".nuke"));
    }

    public string Root { get; }

    public Dictionary<string, string?> Environment { get; } = new(StringComparer.Ordinal);

    public string PathOf(string relativePath) => Path.Combine(Root, relativePath);

    public void Write(string relativePath, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(PathOf(relativePath))!);
        File.WriteAllText(PathOf(relativePath), content);
    }

    public string Read(string relativePath) => File.ReadAllText(PathOf(relativePath));

    public bool Exists(string relativePath) => File.Exists(PathOf(relativePath)) || Directory.Exists(PathOf(relativePath));

    public Task<BuildRun> RunAsync(PipelineBuild build, params string[] args) => RunAsync(build, null, CancellationToken.None, args);

    public async Task<BuildRun> RunAsync(PipelineBuild build, Func<PipelineBuild, Target>? defaultTarget, CancellationToken cancellationToken, params string[] args)
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 400;
        var exitCode = await BuildRunner.RunAsync(build, defaultTarget, args, new BuildHost(Root, Environment, console), cancellationToken);
        return new BuildRun(exitCode, output.ToString());
    }

    public void Dispose()
    {
        if (Directory.Exists(Root))
            Directory.Delete(Root, recursive: true);
    }
}

/// <summary>The exit code and console output of one in-process run.</summary>
internal sealed record BuildRun(int ExitCode, string Output);
