using Microsoft.Extensions.Options;
using Model.Serving;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddOpenApi();
builder.Services.AddProblemDetails(PredictProblems.Describe);
builder.Services.AddValidation();
builder.Services.AddOptions<ModelOptions>().BindConfiguration(ModelOptions.Section);
builder.Services.AddSingleton(services => ModelPredictor.Load(services.GetRequiredService<IOptions<ModelOptions>>().Value.Directory));
builder.Services.AddHealthChecks().AddCheck<ModelHealthCheck>("model");

var app = builder.Build();
app.Services.GetRequiredService<ModelPredictor>(); // load at start-up: a missing model fails fast with its path
app.UseStatusCodePages();
app.MapOpenApi();
app.MapHealthChecks("/healthz");

app.MapPost("/predict", (PredictRequest request, ModelPredictor predictor) => TypedResults.Ok(predictor.Predict(request)))
    .ProducesValidationProblem()
    .WithSummary("Predicts the iris species from four measurements (cm).");

app.Run();

/// <summary>The entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
