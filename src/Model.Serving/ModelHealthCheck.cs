using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Model.Serving;

/// <summary>Healthy once the model is loaded (it is loaded at start-up, so a running service is ready).</summary>
internal sealed class ModelHealthCheck(ModelPredictor predictor) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(HealthCheckResult.Healthy($"model with classes {string.Join(", ", predictor.Labels)}"));
}
