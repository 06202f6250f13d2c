using System.Text.Json;
using Pipeline.Build.IO;
using Pipeline.Components.Containers;
using Pipeline.Components.Deploy;

namespace Pipeline.Components.SupplyChain;

/// <summary>Writes the bill of materials of the image Push recorded to <see cref="ModelBom.FileName"/> (atomically).</summary>
internal static class ModelBomFile
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static async Task WriteAsync(IPush build, CancellationToken cancellationToken)
    {
        var image = await PushedImage.ReadAsync(build.RootDirectory, build.ContainerSettings, cancellationToken);
        var subject = await ModelBomSubject.ReadAsync(build.RootDirectory, build.ContainerSettings, build.TrainSettings, image.Digest, image.Revision, cancellationToken);
        var version = typeof(ModelBom).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
        AtomicFile.WriteAllText(build.RootDirectory / ModelBom.FileName, ModelBom.Create(subject, DateTimeOffset.UtcNow, version).ToJsonString(Indented) + "\n");
        build.Log.Info($"Bill of materials (CycloneDX 1.6): {ModelBom.FileName}: the model ({subject.ModelFiles.Count} files, {subject.Metrics.Count} metrics, {subject.Parameters.Count} hyper-parameters), "
                       + $"{subject.Datasets.Count} dataset files, {subject.NuGetPackages.Count + subject.DebianPackages.Count} packages.");
    }
}
