using System.Diagnostics;
using System.Text;
using Pipeline.Tests.Shared;

namespace Pipeline.IntegrationTests;

/// <summary>A throw-away repository with the fixture build of tests/Fixtures/FaultRepository, compiled once, run as real processes.</summary>
internal sealed class FaultRepository : IDisposable
{
    private FaultRepository(string root) => Root = root;

    public string Root { get; }

    public static async Task<FaultRepository> CreateAsync(CancellationToken cancellationToken)
    {
        var repository = new FaultRepository(ScratchRepository.Create("fault-repository-",
            [ScratchRepository.Fixture("FaultRepository/build/Build.cs", "build/Build.cs"), ("params.txt", "seed 42\n")]));
        var compile = await repository.Start("--help").WaitAsync(cancellationToken);
        if (compile.ExitCode != 0)
            throw new InvalidOperationException("The fault fixture build did not compile:\n" + compile.Output);
        return repository;
    }

    /// <summary>Starts ./build.sh (which execs the compiled build, so the process is the build itself).</summary>
    public BuildProcess Start(params string[] arguments) => Start(slowTraining: false, arguments);

    /// <summary>As <see cref="Start(string[])"/>; <paramref name="slowTraining"/> makes Train take 30 s, for a run a test kills or interrupts mid-stage.</summary>
    public BuildProcess Start(bool slowTraining, params string[] arguments)
    {
        // SIGINT at its default, as in a terminal: a test run started in the background (`.ci/run &`) inherits SIGINT
        // ignored, and a process that starts with it ignored keeps ignoring it, as the shell and .NET do by convention
        var start = new ProcessStartInfo("env", ["--default-signal=INT", "bash", "build.sh", .. arguments]) { WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment.Remove("CI");
        if (slowTraining)
            start.Environment["FAULT_TRAIN_PARTS"] = "300";
        return new BuildProcess(Process.Start(start)!);
    }

    public string? ReadOrNull(string path) => File.Exists(Path.Combine(Root, path)) ? File.ReadAllText(Path.Combine(Root, path)) : null;

    public void Dispose() => Directory.Delete(Root, recursive: true);

    /// <summary>One run of the build, its output collected as it comes.</summary>
    internal sealed class BuildProcess
    {
        private readonly StringBuilder output = new();
        private readonly Lock gate = new();

        public BuildProcess(Process process)
        {
            Process = process;
            process.OutputDataReceived += (_, line) => Append(line.Data);
            process.ErrorDataReceived += (_, line) => Append(line.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public Process Process { get; }

        public string Output
        {
            get
            {
                lock (gate)
                    return output.ToString();
            }
        }

        /// <summary>Waits (bounded by the token) until the output contains the text.</summary>
        public async Task WaitForOutputAsync(string text, CancellationToken cancellationToken)
        {
            while (!Output.Contains(text, StringComparison.Ordinal))
            {
                if (Process.HasExited)
                    throw new InvalidOperationException($"The build exited before printing '{text}':\n{Output}");
                await Task.Delay(20, cancellationToken);
            }
        }

        public async Task<(int ExitCode, string Output)> WaitAsync(CancellationToken cancellationToken)
        {
            await Process.WaitForExitAsync(cancellationToken);
            return (Process.ExitCode, Output);
        }

        private void Append(string? line)
        {
            if (line is null)
                return;
            lock (gate)
                output.AppendLine(line);
        }
    }
}
