using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Microsoft.ML;
using Model.Training;

namespace Model.Outputs;

/// <summary>
/// Writes the outputs of a training run into a staging directory, then renames each into place,
/// so an interrupted run never leaves a half-written file.
/// </summary>
internal sealed class TrainingOutputs(string artifactsDirectory)
{
    /// <summary>Fixed entry time so the same model gives the same bytes (and the same cache hash and image layer).</summary>
    private static readonly DateTimeOffset FixedTimestamp = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    internal static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public void Write(
        MLContext context,
        ITransformer model,
        DataViewSchema inputSchema,
        IReadOnlyList<string> labels,
        ModelMetrics metrics,
        IReadOnlyList<HistoryPoint> history,
        IReadOnlyList<PredictionRow> predictions,
        CancellationToken cancellationToken)
    {
        foreach (var abandoned in Directory.Exists(artifactsDirectory) ? Directory.GetDirectories(artifactsDirectory, ".staging-*") : [])
            Directory.Delete(abandoned, recursive: true); // left by a run that was killed; one training runs at a time
        var staging = Path.Combine(artifactsDirectory, $".staging-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(Path.Combine(staging, ArtifactPaths.ModelDirectory));
            File.WriteAllBytes(Path.Combine(staging, ArtifactPaths.ModelFile), DeterministicModelZip(context, model, inputSchema));
            File.WriteAllText(Path.Combine(staging, ArtifactPaths.MetricsFile), JsonSerializer.Serialize(metrics, Json) + "\n");
            File.WriteAllText(Path.Combine(staging, ArtifactPaths.HistoryFile), JsonSerializer.Serialize(history, Json) + "\n");
            File.WriteAllText(Path.Combine(staging, ArtifactPaths.PredictionsFile), PredictionsCsv(labels, predictions));
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var file in Directory.EnumerateFiles(staging, "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(artifactsDirectory, Path.GetRelativePath(staging, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Move(file, target, overwrite: true);
            }
        }
        finally
        {
            if (Directory.Exists(staging))
                Directory.Delete(staging, recursive: true);
        }
    }

    private static byte[] DeterministicModelZip(MLContext context, ITransformer model, DataViewSchema inputSchema)
    {
        using var saved = new MemoryStream();
        context.Model.Save(model, inputSchema, saved);
        saved.Position = 0;
        using var source = new ZipArchive(saved, ZipArchiveMode.Read);
        using var normalised = new MemoryStream();
        using (var target = new ZipArchive(normalised, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries.OrderBy(e => e.FullName, StringComparer.Ordinal))
            {
                var copy = target.CreateEntry(entry.FullName, CompressionLevel.Optimal);
                copy.LastWriteTime = FixedTimestamp;
                using var from = entry.Open();
                using var to = copy.Open();
                from.CopyTo(to);
            }
        }

        return normalised.ToArray();
    }

    private static string PredictionsCsv(IReadOnlyList<string> labels, IReadOnlyList<PredictionRow> rows)
    {
        var csv = new StringBuilder("sepal_length,sepal_width,petal_length,petal_width,species,predicted");
        foreach (var label in labels)
            csv.Append(",score_").Append(label);
        csv.Append('\n');
        foreach (var row in rows)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{row.SepalLength},{row.SepalWidth},{row.PetalLength},{row.PetalWidth},{row.Species},{row.PredictedSpecies}");
            foreach (var score in row.Score)
                csv.Append(',').Append(Math.Round(score, 6).ToString(CultureInfo.InvariantCulture));
            csv.Append('\n');
        }

        return csv.ToString();
    }
}
