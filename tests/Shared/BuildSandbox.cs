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
        Environment["PIPELINE_IMAGE_REPOSITORY"] = "pipeline/model-serving"; // the sample's image name, which the fakes' manifests and records use; a sandbox's own name is a GUID
    }

    public string Root { get; }

    public Dictionary<string, string?> Environment { get; } = new(StringComparer.Ordinal);

    /// <summary>Cancels the run (as Ctrl+C does) as soon as the output contains this text.</summary>
    public string? CancelWhenOutputContains { get; set; }

    public string PathOf(string relativePath) => Path.Combine(Root, relativePath);

    public void Write(string relativePath, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(PathOf(relativePath))!);
        File.WriteAllText(PathOf(relativePath), content);
    }

    public string Read(string relativePath) => File.ReadAllText(PathOf(relativePath));

    public bool Exists(string relativePath) => File.Exists(PathOf(relativePath)) || Directory.Exists(PathOf(relativePath));

    public Task<BuildRun> RunAsync(PipelineBuild build, params string[] args) => RunAsync(build, null, TestContext.CurrentContext.CancellationToken, args);

    public async Task<BuildRun> RunAsync(PipelineBuild build, Func<PipelineBuild, Target>? defaultTarget, CancellationToken cancellationToken, params string[] args)
    {
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var output = new WatchingWriter(text =>
        {
            if (CancelWhenOutputContains is { } trigger && text.Contains(trigger, StringComparison.Ordinal))
                interrupt.Cancel();
        });
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 400;
        var exitCode = await BuildRunner.RunAsync(build, defaultTarget, args, new BuildHost(Root, Environment, console), interrupt.Token);
        return new BuildRun(exitCode, output.ToString());
    }

    public void Dispose()
    {
        if (Directory.Exists(Root))
            Directory.Delete(Root, recursive: true);
    }
}

/// <summary>A StringWriter that shows each write to an observer.</summary>
internal sealed class WatchingWriter(Action<string> observe) : StringWriter
{
    public override void Write(string? value)
    {
        base.Write(value);
        if (value is not null)
            observe(value);
    }

    public override void Write(char value) => base.Write(value);
}

/// <summary>The exit code and console output of one in-process run.</summary>
internal sealed record BuildRun(int ExitCode, string Output);
