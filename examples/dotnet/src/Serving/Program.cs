// Serves the trained model: GET /healthz, POST /predict {"sepalLength": …, …} → {"species": …}. The model directory
// is Model:Directory (Pipeline's generated image sets Model__Directory=/app/model), else artifacts/model.
using System.Text.Json;

var builder = WebApplication.CreateSlimBuilder(args);
var app = builder.Build();
var directory = app.Configuration["Model:Directory"] ?? "artifacts/model";
using var model = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "model.json")));
var features = model.RootElement.GetProperty("features").EnumerateArray().Select(name => name.GetString()!).ToArray();
var centroids = model.RootElement.GetProperty("centroids").EnumerateObject()
    .ToDictionary(centroid => centroid.Name, centroid => centroid.Value.EnumerateArray().Select(value => value.GetDouble()).ToArray());

app.MapGet("/healthz", () => Results.Ok(new { status = "ok" }));
app.MapPost("/predict", (Dictionary<string, double> sample) =>
{
    if (features.FirstOrDefault(name => !sample.ContainsKey(name)) is { } missing)
        return Results.BadRequest(new { error = $"missing {missing}; expected {string.Join(", ", features)}" });
    var point = features.Select(name => sample[name]).ToArray();
    var species = centroids.MinBy(centroid => centroid.Value.Zip(point, (a, b) => (a - b) * (a - b)).Sum()).Key;
    return Results.Ok(new { species });
});
app.Run();
