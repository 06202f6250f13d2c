using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Build.IO;
using Pipeline.Components.Containers;

namespace Pipeline.Components.SupplyChain;

/// <summary>Writes the documents that describe a pushed image, atomically: the bill of materials (<see cref="ModelBom.FileName"/>) and the SLSA provenance (<see cref="SlsaProvenance.FileName"/>).</summary>
internal static class ModelBomFile
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }; // git+https and purls keep their '+'

    private static string ToolVersion => typeof(ModelBom).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>The bill of materials of <paramref name="subject"/>, written and returned.</summary>
    public static byte[] WriteBom(IPush build, ModelBomSubject subject)
    {
        var bom = Write(build.RootDirectory / ModelBom.FileName, ModelBom.Create(subject, DateTimeOffset.UtcNow, ToolVersion));
        build.Log.Info($"Bill of materials (CycloneDX 1.6): {ModelBom.FileName}: the model ({subject.ModelFiles.Count} files, {subject.Metrics.Count} metrics, {subject.Parameters.Count} hyper-parameters), "
                       + $"{subject.Datasets.Count} dataset files, {subject.NuGetPackages.Count + subject.DebianPackages.Count} packages.");
        return bom;
    }

    /// <summary>The in-toto statement of <paramref name="subject"/>'s provenance, written and returned.</summary>
    public static byte[] WriteProvenance(IPush build, ModelBomSubject subject, BuildInvocation invocation)
    {
        var statement = Write(build.RootDirectory / SlsaProvenance.FileName, SlsaProvenance.Create(subject, invocation, DateTimeOffset.UtcNow, ToolVersion));
        build.Log.Info($"Provenance (in-toto, SLSA v1): {SlsaProvenance.FileName}: built by {invocation.BuilderId} from {subject.Revision}.");
        return statement;
    }

    private static byte[] Write(string path, JsonObject document)
    {
        var bytes = Encoding.UTF8.GetBytes(document.ToJsonString(Indented) + "\n");
        AtomicFile.Write(path, temporary => File.WriteAllBytes(temporary, bytes));
        return bytes;
    }
}
