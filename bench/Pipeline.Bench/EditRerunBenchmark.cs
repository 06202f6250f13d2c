namespace Pipeline.Bench;

/// <summary>
/// The build's own compile, in fresh clones of this repository (committed state, NuGet cache warm): a cold clone's
/// first <c>./build.sh --help</c> (restore, compile, ReadyToRun), then one-line edits of build/Build.cs and of a referenced project, each until
/// <c>--help</c> answers, interleaved with and without the C# compiler server (the SDK's default; some machines,
/// these among them, turn it off with UseSharedCompilation=false).
///   dotnet run --project bench/Pipeline.Bench -c Release -- edit [rounds]
/// </summary>
internal static class EditRerunBenchmark
{
    private const string BuildFile = "build/Build.cs";
    private const string ReferencedFile = "src/Pipeline.Build/Authoring/Target.cs";

    public static int Run(IReadOnlyList<string> args)
    {
        var rounds = args.Count > 0 ? int.Parse(args[0]) : 3;
        var clone = Path.Combine(Path.GetTempPath(), "pipeline-bench-edit-" + Guid.NewGuid().ToString("N"));
        var serverClone = clone + "-server";
        var machine = Environment.GetEnvironmentVariable("UseSharedCompilation") ?? "unset";
        var server = new Dictionary<string, string> { ["UseSharedCompilation"] = "true" };
        var noServer = new Dictionary<string, string> { ["UseSharedCompilation"] = "false" };
        try
        {
            var root = Repository.FindRoot();
            Measure.Run("git", ["clone", "-q", root, clone], Path.GetTempPath(), expectSuccess: true);
            Measure.Run("git", ["clone", "-q", root, serverClone], Path.GetTempPath(), expectSuccess: true);
            var buildSh = Path.Combine(clone, "build.sh");
            Console.WriteLine($"Cold clones: compiling the build without and with the compiler server (this machine's UseSharedCompilation: {machine})...");
            var cold = Measure.Run(buildSh, ["--help"], clone, expectSuccess: true, noServer);
            Measure.Run("dotnet", ["build-server", "shutdown", "--vbcscompiler"], root, expectSuccess: false); // the server's own start is part of a cold clone's first run
            var coldServer = Measure.Run(Path.Combine(serverClone, "build.sh"), ["--help"], serverClone, expectSuccess: true, server);
            var warmRun = Measure.Run(buildSh, ["--help"], clone, expectSuccess: true);

            var buildEdit = new List<double>();
            var buildEditServer = new List<double>();
            var referencedEdit = new List<double>();
            var referencedEditServer = new List<double>();
            var edit = 0;
            for (var round = 0; round < rounds; round++)
            {
                buildEdit.Add(EditThenRun(BuildFile, noServer));
                buildEditServer.Add(EditThenRun(BuildFile, server));
                referencedEdit.Add(EditThenRun(ReferencedFile, noServer));
                referencedEditServer.Add(EditThenRun(ReferencedFile, server));
            }

            Console.WriteLine();
            Console.WriteLine($"{"measure",-64} {"median",10} {"runs",5}");
            Row("cold clone: first ./build.sh --help, compiler server", [coldServer], "target: at most 30 s");
            Row("cold clone: first ./build.sh --help, no compiler server", [cold], "");
            Row("warm ./build.sh --help (nothing to compile)", [warmRun], "");
            Row("edit build/Build.cs -> --help, compiler server", buildEditServer, "target: at most 5 s");
            Row("edit build/Build.cs -> --help, no compiler server", buildEdit, "");
            Row($"edit {ReferencedFile} -> --help, compiler server", referencedEditServer, "");
            Row($"edit {ReferencedFile} -> --help, no compiler server", referencedEdit, "");
            return 0;

            double EditThenRun(string file, Dictionary<string, string> environment)
            {
                File.AppendAllText(Path.Combine(clone, file), $"\n// bench edit {++edit}\n");
                return Measure.Run(buildSh, ["--help"], clone, expectSuccess: true, environment);
            }
        }
        finally
        {
            foreach (var folder in new[] { clone, serverClone }.Where(Directory.Exists))
                Directory.Delete(folder, recursive: true);
        }
    }

    private static void Row(string name, List<double> values, string target) =>
        Console.WriteLine($"{name,-64} {Measure.Median(values) / 1000,8:0.00} s {values.Count,5}  {target}");
}
