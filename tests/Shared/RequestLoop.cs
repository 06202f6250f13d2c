using System.Net.Http;

namespace Pipeline.Tests.Shared;

/// <summary>A client that sends requests one after another until stopped, as a user's traffic does through a redeploy.</summary>
internal static class RequestLoop
{
    /// <summary>How many requests were answered, what failed, and the values of <paramref name="header"/> (in the order they changed).</summary>
    public static async Task<(int Answered, List<string> Failures, List<string> Backends)> RunAsync(Uri url, string header, CancellationToken stop)
    {
        var (answered, failures, backends) = await RunTimedAsync(url, header, System.Diagnostics.Stopwatch.StartNew(), stop);
        return (answered, failures, [.. backends.Select(backend => backend.Backend)]);
    }

    /// <summary>As <see cref="RunAsync"/>, with when (on <paramref name="clock"/>) each backend first answered after a change.</summary>
    public static async Task<(int Answered, List<string> Failures, List<(string Backend, TimeSpan At)> Backends)> RunTimedAsync(Uri url, string header, System.Diagnostics.Stopwatch clock, CancellationToken stop)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var (answered, failures, backends) = (0, new List<string>(), new List<(string Backend, TimeSpan At)>());
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var response = await http.GetAsync(url, CancellationToken.None);
                if (!response.IsSuccessStatusCode)
                    failures.Add($"HTTP {(int)response.StatusCode}");
                answered++;
                var backend = response.Headers.TryGetValues(header, out var values) ? values.First() : "(none)";
                if (backends.Count == 0 || backends[^1].Backend != backend)
                    backends.Add((backend, clock.Elapsed));
            }
            catch (HttpRequestException exception)
            {
                failures.Add(exception.Message);
            }
            catch (TaskCanceledException exception)
            {
                failures.Add("timed out: " + exception.Message);
            }

            await Task.Delay(10, CancellationToken.None);
        }

        return (answered, failures, backends);
    }
}
