using Model.Serving;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddOpenApi();
var modelDirectory = builder.Configuration["Model:Directory"] ?? Path.Combine(AppContext.BaseDirectory, "model");
builder.Services.AddSingleton(_ => ModelPredictor.Load(modelDirectory));

var app = builder.Build();
app.Services.GetRequiredService<ModelPredictor>(); // load at start-up: a missing model fails fast with its path
app.MapOpenApi();

app.MapGet("/healthz", () => Results.Ok(new { status = "ok" }))
    .WithSummary("Liveness and readiness: the model is loaded.");

app.MapPost("/predict", async (HttpRequest request, ModelPredictor predictor, CancellationToken cancellationToken) =>
    {
        using var reader = new StreamReader(request.Body);
        var (input, error) = PredictRequestParser.Parse(await reader.ReadToEndAsync(cancellationToken));
        return input is null
            ? Results.Problem(error, statusCode: StatusCodes.Status400BadRequest, title: "Malformed prediction request")
            : Results.Ok(predictor.Predict(input));
    })
    .Accepts<PredictRequest>("application/json")
    .Produces<PredictResponse>()
    .ProducesProblem(StatusCodes.Status400BadRequest)
    .WithSummary("Predicts the iris species from four measurements (cm).");

app.Run();

/// <summary>The entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
