using System.Text;
using Pipeline.Components.SupplyChain;

namespace Pipeline.Components.Tests.SupplyChain;

/// <summary>A provenance statement as Push writes it (<see cref="SlsaProvenance.Create"/>), for tests that attach one.</summary>
internal static class SampleProvenance
{
    /// <summary>The compact statement of a local build of <paramref name="digest"/> at <paramref name="revision"/> from https://example.com/team/iris.</summary>
    public static byte[] Statement(string digest, string revision)
    {
        var started = new DateTimeOffset(2026, 12, 5, 10, 0, 0, TimeSpan.Zero);
        var subject = new ModelBomSubject("localhost:5000/team/iris", digest, revision,
            ModelFiles: new Dictionary<string, string> { ["model/model.json"] = new string('a', 64) },
            Datasets: new Dictionary<string, string> { ["data/iris.csv"] = new string('b', 64) },
            Parameters: new Dictionary<string, string> { ["epochs"] = "10" },
            Metrics: new Dictionary<string, double> { ["accuracy"] = 0.97 },
            Command: ["python3", "train.py"], NuGetPackages: [], DebianPackages: []);
        var invocation = BuildInvocation.FromEnvironment(_ => null, "https://example.com/team/iris", started);
        return Encoding.UTF8.GetBytes(SlsaProvenance.Create(subject, invocation, started.AddMinutes(3), "1.0.0").ToJsonString());
    }
}
