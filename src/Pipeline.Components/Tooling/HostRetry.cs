using Polly;
using Polly.Retry;

namespace Pipeline.Components.Tooling;

/// <summary>Retries a call to a code host on 5xx answers and dropped connections, with exponential backoff.</summary>
internal static class HostRetry
{
    /// <summary>Three retries, exponential from <paramref name="firstDelay"/>, of the exceptions <paramref name="isTransient"/> accepts.</summary>
    public static ResiliencePipeline Create(TimeSpan firstDelay, Func<Exception, bool> isTransient) =>
        new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = 3,
                Delay = firstDelay,
                BackoffType = DelayBackoffType.Exponential,
                ShouldHandle = new PredicateBuilder().Handle<Exception>(isTransient),
            })
            .Build();
}
