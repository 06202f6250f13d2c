using System.Globalization;
using Pipeline.Build;

namespace Pipeline.Components.Deploy.Gating;

/// <summary>The record of the version about to be deployed: the pushed image, the metrics Train wrote, now, and who deploys.</summary>
internal static class CandidateRecord
{
    public static async Task<DeployRecord> ForAsync(IDeploy build, PushedImage image, bool readMetrics, CancellationToken cancellationToken)
    {
        var metricsFile = build.RootDirectory / build.TrainSettings.MetricsFile;
        var metrics = readMetrics && File.Exists(metricsFile) ? Numbers(await File.ReadAllTextAsync(metricsFile, cancellationToken), build.TrainSettings.MetricsFile) : new Dictionary<string, double>();
        return new DeployRecord(image.Reference, image.Revision, metrics, DateTimeOffset.UtcNow, DeployedBy(build.EnvironmentVariable));
    }

    /// <summary>The numbers of a metrics JSON object by path (<c>classes.setosa.f1</c>, <c>confusion[0][1]</c>); text is left out.</summary>
    internal static IReadOnlyDictionary<string, double> Numbers(string json, string source)
    {
        try
        {
            var numbers = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var (path, text) in Comparison.FlatValues.FromJson(json, source))
            {
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                    numbers[path] = number;
            }

            return numbers;
        }
        catch (InvalidDataException exception)
        {
            throw new TargetFailedException($"The deploy gate reads the model's metrics: {exception.Message}");
        }
    }

    /// <summary>The CI job that deploys, else user@host.</summary>
    private static string DeployedBy(Func<string, string?> environment) =>
        Feedback.DeployFeedbackSources.RunUrl(environment) ?? $"{environment("USER") ?? System.Environment.UserName}@{System.Environment.MachineName}";
}
