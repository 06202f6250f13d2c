using Polly;
using Polly.Retry;

namespace Pipeline.Components.Report.Publishing;

/// <summary>Retries a call to a code host on 5xx answers and dropped connections, with exponential backoff.</summary>
internal static class HostRetry
{
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
