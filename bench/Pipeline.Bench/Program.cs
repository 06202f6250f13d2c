using System.Diagnostics;
using Pipeline.Bench;

// Startup benchmark: a warm no-op `./build.sh Train` (everything up to date) against starting a trivial
// compiled dotnet program and against `dotnet build` of an up-to-date project, measured interleaved in one
// run so machine noise hits all three alike. Prints medians and ratios.
//   dotnet run --project bench/Pipeline.Bench -c Release [-- rounds]
// Push bytes and Containerize time: dotnet run --project bench/Pipeline.Bench -c Release -- containers
// Artifact store restore throughput: dotnet run --project bench/Pipeline.Bench -c Release -- store
// Many tracked files (first hashing on one core and on all, "up to date"): dotnet run --project bench/Pipeline.Bench -c Release -- files [count] [rounds]
if (args is ["containers", ..])
    return await ContainerBenchmark.RunAsync();
if (args is ["store", .. var storeArgs])
    return await StoreBenchmark.RunAsync(storeArgs);
if (args is ["files", .. var filesArgs])
    return await TrackedFilesBenchmark.RunAsync(filesArgs);
var rounds = args.Length > 0 ? int.Parse(args[0]) : 15;
var root = Repository.FindRoot();
var trivial = TrivialProgram.Create();

Console.WriteLine("Warming up: compiling the build, training once, building the trivial program...");
Measure.Run(Path.Combine(root, "build.sh"), ["Train"], root, expectSuccess: true);
Measure.Run(Path.Combine(root, "build.sh"), ["Train"], root, expectSuccess: true);
Measure.Run("dotnet", ["build", trivial.Project, "-nologo", "-v", "q"], trivial.Directory, expectSuccess: true);

var noOp = new List<double>();
var start = new List<double>();
var build = new List<double>();
for (var round = 0; round < rounds; round++)
{
    noOp.Add(Measure.Run(Path.Combine(root, "build.sh"), ["Train"], root, expectSuccess: true));
    start.Add(Measure.Run(trivial.Executable, [], trivial.Directory, expectSuccess: true));
    if (round % 3 == 0)
        build.Add(Measure.Run("dotnet", ["build", trivial.Project, "--no-restore", "-nologo", "-v", "q"], trivial.Directory, expectSuccess: true));
}

var noOpMedian = Measure.Median(noOp);
var startMedian = Measure.Median(start);
var buildMedian = Measure.Median(build);
Console.WriteLine();
Console.WriteLine($"{"measure",-44} {"median",10} {"runs",5}");
Console.WriteLine($"{"warm no-op ./build.sh Train",-44} {noOpMedian,8:0} ms {noOp.Count,5}");
Console.WriteLine($"{"trivial compiled dotnet program start",-44} {startMedian,8:0} ms {start.Count,5}");
Console.WriteLine($"{"dotnet build of an up-to-date project",-44} {buildMedian,8:0} ms {build.Count,5}");
Console.WriteLine();
Console.WriteLine($"no-op pipeline / trivial program start: {noOpMedian / startMedian:0.00}x (target: at most 2x)");
Console.WriteLine($"no-op pipeline / up-to-date dotnet build: {noOpMedian / buildMedian:0.00}x");
trivial.Delete();
return 0;
