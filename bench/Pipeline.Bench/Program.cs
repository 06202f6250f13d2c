using System.Diagnostics;
using Pipeline.Bench;

// Startup benchmark: a warm no-op `./build.sh Train` (answered from its up-to-date record, and with the full check)
// and a warm no-op `./build.sh Deploy`, against starting a trivial compiled dotnet program and `dotnet build` of an
// up-to-date project, measured interleaved in one run so machine noise hits all alike. Prints medians and ratios.
//   dotnet run --project bench/Pipeline.Bench -c Release [-- rounds]
// Push bytes, Containerize time, the inner loop: dotnet run --project bench/Pipeline.Bench -c Release -- containers [heavy]
// Containerize of a model-only change, a Containerfile of the user's composed against built whole: dotnet run --project bench/Pipeline.Bench -c Release -- own [rounds]
// Artifact store restore throughput: dotnet run --project bench/Pipeline.Bench -c Release -- store
// Cold clone compile and edit -> rerun: dotnet run --project bench/Pipeline.Bench -c Release -- edit [rounds]
// The generated GitLab CI's overhead per job (gitlab-ci-local, the Debian runner image): dotnet run --project bench/Pipeline.Bench -c Release -- ci [warm-rounds]
// Many tracked files (first hashing on one core and on all, "up to date"): dotnet run --project bench/Pipeline.Bench -c Release -- files [count] [rounds]
if (args is ["containers", .. var containerArgs])
    return await ContainerBenchmark.RunAsync(containerArgs);
if (args is ["own", .. var ownArgs])
    return await OwnContainerfileBenchmark.RunAsync(ownArgs);
if (args is ["store", .. var storeArgs])
    return await StoreBenchmark.RunAsync(storeArgs);
if (args is ["edit", .. var editArgs])
    return EditRerunBenchmark.Run(editArgs);
if (args is ["ci", .. var ciArgs])
    return await CiOverheadBenchmark.RunAsync(ciArgs);
if (args is ["files", .. var filesArgs])
    return await TrackedFilesBenchmark.RunAsync(filesArgs);
var rounds = args.Length > 0 ? int.Parse(args[0]) : 15;
var root = Repository.FindRoot();
var trivial = TrivialProgram.Create();
var buildSh = Path.Combine(root, "build.sh");
var fullCheck = new Dictionary<string, string> { ["PIPELINE_NO_SHORTCUT"] = "1" };

Console.WriteLine("Warming up: compiling the build, training, deploying once, building the trivial program...");
Measure.Run(buildSh, ["Deploy"], root, expectSuccess: true);
Measure.Run(buildSh, ["Train"], root, expectSuccess: true);
Measure.Run(buildSh, ["Train"], root, expectSuccess: true); // the up-to-date run that leaves the record the shortcut answers from
Measure.Run(buildSh, ["Deploy"], root, expectSuccess: true);
Measure.Run("dotnet", ["build", trivial.Project, "-nologo", "-v", "q"], trivial.Directory, expectSuccess: true);

var noOp = new List<double>();
var noOpFull = new List<double>();
var deploy = new List<double>();
var deployFull = new List<double>();
var start = new List<double>();
var build = new List<double>();
for (var round = 0; round < rounds; round++)
{
    noOp.Add(Measure.Run(buildSh, ["Train"], root, expectSuccess: true));
    start.Add(Measure.Run(trivial.Executable, [], trivial.Directory, expectSuccess: true));
    noOpFull.Add(Measure.Run(buildSh, ["Train"], root, expectSuccess: true, fullCheck));
    deploy.Add(Measure.Run(buildSh, ["Deploy"], root, expectSuccess: true));
    if (round % 3 == 0)
        deployFull.Add(Measure.Run(buildSh, ["Deploy"], root, expectSuccess: true, fullCheck));
    if (round % 3 == 0)
        build.Add(Measure.Run("dotnet", ["build", trivial.Project, "--no-restore", "-nologo", "-v", "q"], trivial.Directory, expectSuccess: true));
}

var startMedian = Measure.Median(start);
Console.WriteLine();
Console.WriteLine($"{"measure",-56} {"median",10} {"runs",5} {"/ trivial",10}");
Row("warm no-op ./build.sh Train (answered from its record)", noOp, "target: at most 2x");
Row("warm no-op ./build.sh Train, full check (no record)", noOpFull, "");
Row("warm no-op ./build.sh Deploy (registry GET, health GET)", deploy, "target: at most 3x");
Row("warm no-op ./build.sh Deploy, full path (no record)", deployFull, "");
Row("trivial compiled dotnet program start", start, "");
Row("dotnet build of an up-to-date project", build, "");
Console.WriteLine();
Console.WriteLine($"no-op Train / up-to-date dotnet build: {Measure.Median(noOp) / Measure.Median(build):0.00}x; full check / answered from the record: Train {Measure.Median(noOpFull) / Measure.Median(noOp):0.00}x, Deploy {Measure.Median(deployFull) / Measure.Median(deploy):0.00}x");
trivial.Delete();
return 0;

void Row(string name, List<double> values, string target) =>
    Console.WriteLine($"{name,-56} {Measure.Median(values),8:0} ms {values.Count,5} {Measure.Median(values) / startMedian,9:0.00}x  {target}");
