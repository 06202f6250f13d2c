// Trains a nearest-centroid iris classifier: data/iris.csv and params.yaml in, artifacts/model/model.json and
// artifacts/metrics.json out (the contracts in Pipeline's README). Run from the repository root.
using System.Globalization;
using System.Text.Json;

var seed = File.ReadLines("params.yaml").Select(line => line.Trim()).Where(line => line.StartsWith("seed:", StringComparison.Ordinal))
    .Select(line => int.Parse(line["seed:".Length..].Trim(), CultureInfo.InvariantCulture)).DefaultIfEmpty(42).First();
var rows = File.ReadLines("data/iris.csv").Skip(1).Select(line => line.Split(','))
    .Select(cells => (Features: cells[..4].Select(cell => double.Parse(cell, CultureInfo.InvariantCulture)).ToArray(), Label: cells[4]))
    .ToList();
var random = new Random(seed);
rows = [.. rows.OrderBy(_ => random.Next())]; // the same seed, the same split
var split = (int)(rows.Count * 0.7);
var centroids = rows.Take(split).GroupBy(row => row.Label).OrderBy(group => group.Key, StringComparer.Ordinal)
    .ToDictionary(group => group.Key, group => Enumerable.Range(0, 4).Select(i => group.Average(row => row.Features[i])).ToArray());
string Predict(double[] features) => centroids.MinBy(centroid => centroid.Value.Zip(features, (a, b) => (a - b) * (a - b)).Sum()).Key;
var test = rows.Skip(split).ToList();
var accuracy = Math.Round(test.Count(row => Predict(row.Features) == row.Label) / (double)test.Count, 4);

Directory.CreateDirectory("artifacts/model");
Write("artifacts/model/model.json", JsonSerializer.Serialize(new { features = new[] { "sepalLength", "sepalWidth", "petalLength", "petalWidth" }, centroids }));
Write("artifacts/metrics.json", JsonSerializer.Serialize(new { accuracy, testRows = test.Count }));
Console.WriteLine($"accuracy {accuracy:0.0000} on {test.Count} test rows; wrote artifacts/model/model.json");

static void Write(string path, string json)
{
    File.WriteAllText(path + ".tmp", json + "\n");
    File.Move(path + ".tmp", path, overwrite: true);
}
