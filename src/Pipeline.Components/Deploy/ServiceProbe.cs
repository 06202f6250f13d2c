using System.Diagnostics;
using System.Text;
using Pipeline.Build;

namespace Pipeline.Components.Deploy;

/// <summary>Waits for the health endpoint with live progress, then runs the smoke request.</summary>
public static class ServiceProbe
{
    /// <summary>
    /// True when <paramref name="healthUrl"/> answered 2xx within the timeout; false at the timeout, or as soon as
    /// <paramref name="hopeless"/> (checked every few seconds) says waiting longer cannot help (a crash loop).
    /// </summary>
    public static async Task<bool> WaitHealthyAsync(HttpClient http, Uri healthUrl, TimeSpan timeout, IBuildLog log, CancellationToken cancellationToken, Func<CancellationToken, Task<bool>>? hopeless = null)
    {
        var stopwatch = Stopwatch.StartNew();
        var nextCheck = TimeSpan.FromSeconds(2);
        using var done = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task<bool>? check = null; // beside the polling, not in its way: a crash-loop check takes seconds of podman calls
        try
        {
            while (stopwatch.Elapsed < timeout)
            {
                if (check is { IsCompleted: true })
                {
                    if (await check)
                        return false;
                    check = null;
                    nextCheck = stopwatch.Elapsed + TimeSpan.FromSeconds(2);
                }

                if (hopeless is not null && check is null && stopwatch.Elapsed >= nextCheck)
                    check = hopeless(done.Token);

                try
                {
                    using var response = await http.GetAsync(healthUrl, cancellationToken);
                    if (response.IsSuccessStatusCode)
                        return true;
                }
                catch (HttpRequestException)
                {
                    // not listening yet
                }

                log.Progress($"Waiting for {healthUrl}", (int)stopwatch.Elapsed.TotalSeconds, (int)timeout.TotalSeconds);
                await Task.Delay(100, cancellationToken); // a refused connection costs microseconds: the poll interval is what the new version waits for after it listens
            }

            return false;
        }
        finally
        {
            if (check is { IsCompleted: false })
            {
                await done.CancelAsync();
                try
                {
                    await check;
                }
                catch (Exception exception) when (exception is OperationCanceledException or Tooling.ToolFailedException)
                {
                    // the answer is no longer needed
                }
            }
        }
    }

    /// <summary>POSTs the smoke body; returns the answer or fails with the status and body.</summary>
    public static async Task<string?> SmokeAsync(HttpClient http, Uri url, string? body, CancellationToken cancellationToken)
    {
        if (body is null)
            return null;
        using var response = await http.PostAsync(url, new StringContent(body, Encoding.UTF8, "application/json"), cancellationToken);
        var answer = await response.Content.ReadAsStringAsync(cancellationToken);
        return response.IsSuccessStatusCode
            ? answer
            : throw new DeploymentFailedException(DeployOutcome.Failed, $"The smoke test POST {url} answered {(int)response.StatusCode}: {answer}");
    }

    /// <summary>The endpoint line's note: what the smoke test answered, or how to add one.</summary>
    public static string SmokeSummary(DeploySettings settings, string? answer) => answer is null
        ? $"(healthy at {settings.HealthPath}; no smoke test: set DeploySettings.SmokeBody to one sample input for POST {settings.SmokePath})"
        : $"(POST {settings.SmokePath}); smoke test answered {answer}";
}
