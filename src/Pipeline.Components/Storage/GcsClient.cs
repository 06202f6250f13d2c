using System.Net;
using System.Net.Http.Headers;
using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using Google;
using Google.Apis.Auth.OAuth2;
using Google.Apis.Auth.OAuth2.Responses;
using Google.Apis.Upload;
using Google.Cloud.Storage.V1;
using Pipeline.Build;
using Pipeline.Build.Caching;
using Polly;
using Polly.Retry;

namespace Pipeline.Components.Storage;

/// <summary>
/// The artifact store's use of Cloud Storage, through Google.Cloud.Storage.V1: object metadata, listing, resumable
/// uploads with <c>ifGenerationMatch=0</c> (a 412 means another writer stored the same object first) that resume from
/// what the session holds, and downloads that resume with a range. The policy is ours (<see cref="GcsTransport"/>):
/// 408/429/5xx and dropped connections retried with exponential backoff and jitter, honouring Retry-After; an
/// unreachable store given up within <see cref="GcsOptions.UnreachableBudget"/>; every access token masked.
/// </summary>
internal sealed class GcsClient
{
    private const string ObjectType = "application/octet-stream";
    private const int SmallChunk = 256 << 10;
    private const int LargeChunk = 4 << 20;
    private const long LargeObject = 1 << 20;
    private readonly StorageClient storage;
    private readonly string bucket;
    private readonly Func<CancellationToken, Task<ITokenAccess>> credentials;
    private readonly GcsOptions options;
    private readonly IBuildLog log;
    private Task<ITokenAccess>? tokens;
    private string? maskedToken;

    public GcsClient(Uri endpoint, string bucket, Func<CancellationToken, Task<ITokenAccess>> credentials, GcsOptions options, IBuildLog log)
    {
        this.bucket = bucket;
        this.credentials = credentials;
        this.options = options;
        this.log = log;
        storage = new StorageClientBuilder
        {
            BaseUri = new Uri(endpoint, "storage/v1/").ToString(),
            Credential = new BearerTokens(AccessTokenAsync),
            HttpClientFactory = new GcsHttpClientFactory(endpoint.Host, bucket, options.RequestTimeout),
        }.Build();
    }

    /// <summary>
    /// Retries with exponential backoff: busy answers (429, 5xx, honouring Retry-After) up to <see cref="GcsOptions.MaxRetries"/>
    /// times, an unreachable store only while the operation is within <see cref="GcsOptions.UnreachableBudget"/>.
    /// </summary>
    private ResiliencePipeline RetryFor(System.Diagnostics.Stopwatch elapsed) => new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
    {
        MaxRetryAttempts = options.MaxRetries,
        Delay = options.RetryDelay,
        MaxDelay = TimeSpan.FromSeconds(30),
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = true,
        ShouldHandle = new PredicateBuilder().Handle<Exception>(exception => IsTransient(exception) && (!IsUnreachable(exception) || elapsed.Elapsed < options.UnreachableBudget)),
        DelayGenerator = arguments => ValueTask.FromResult(
            arguments.Outcome.Exception is GcsTransientException { RetryAfter: { } wait } ? (TimeSpan?)Min(wait, TimeSpan.FromSeconds(30)) : null),
    }).Build();

    /// <summary>Whether the object exists (metadata GET; 404 is false).</summary>
    public Task<bool> ExistsAsync(string name, CancellationToken cancellationToken) =>
        WithRetryAsync("read", async token =>
        {
            try
            {
                await storage.GetObjectAsync(bucket, name, new GetObjectOptions { RetryOptions = RetryOptions.Never }, token);
                return true;
            }
            catch (GoogleApiException exception) when (exception.HttpStatusCode == HttpStatusCode.NotFound)
            {
                return false;
            }
        }, cancellationToken);

    /// <summary>Names of the objects under the prefix, page by page.</summary>
    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken) =>
        WithRetryAsync<IReadOnlyList<string>>("list", async token =>
        {
            var names = new List<string>();
            var pages = storage.ListObjectsAsync(bucket, prefix, new ListObjectsOptions { Fields = "items(name),nextPageToken", RetryOptions = RetryOptions.Never });
            await foreach (var item in pages.WithCancellation(token))
                names.Add(item.Name);
            return names;
        }, cancellationToken);

    /// <summary>
    /// Uploads a file unless the object exists, in a resumable session of <see cref="GcsOptions.ChunkSize"/> chunks; a
    /// cut attempt resumes the same session from what it holds, an expired session starts a new one.
    /// </summary>
    public async Task UploadAsync(string name, string path, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        var size = new FileInfo(path).Length;
        Uri? session = null;
        await WithRetryAsync("upload", async token =>
        {
            await using var file = File.OpenRead(path);
            var upload = storage.CreateObjectUploader(bucket, name, ObjectType, file, new UploadObjectOptions { IfGenerationMatch = 0, ChunkSize = options.ChunkSize });
            upload.UploadSessionData += data => session = data.UploadUri;
            upload.ProgressChanged += sent => progress?.Report(new TransferProgress(sent.BytesSent, size));
            IUploadProgress outcome;
            try
            {
                outcome = session is null ? await upload.UploadAsync(token) : await upload.ResumeAsync(session, token);
            }
            catch (GoogleApiException exception) when (exception.HttpStatusCode == HttpStatusCode.PreconditionFailed)
            {
                return true;
            }

            switch (outcome.Exception)
            {
                case null when outcome.Status == UploadStatus.Completed:
                case GoogleApiException { HttpStatusCode: HttpStatusCode.PreconditionFailed }: // already there
                    return true;
                case GoogleApiException { HttpStatusCode: HttpStatusCode.NotFound or HttpStatusCode.Gone }:
                    session = null; // the next attempt starts a new session
                    throw new GcsTransientException($"the upload session of {name} expired; starting it again", sessionExpired: true);
                case GoogleApiException exception:
                    throw new GcsAccessException($"Cloud Storage answered {(int)exception.HttpStatusCode} for {name}: {exception.Error?.Message ?? exception.Message}");
                case { } exception:
                    ExceptionDispatchInfo.Throw(exception);
                    return false;
                default:
                    throw new GcsTransientException($"the upload of {name} stopped ({outcome.Status}) after {outcome.BytesSent} bytes");
            }
        }, cancellationToken);
        progress?.Report(new TransferProgress(size, size));
    }

    /// <summary>
    /// Appends the object to <paramref name="destination"/> (hashing it), resuming after a cut connection from the
    /// bytes already written; false when there is no such object.
    /// </summary>
    public async Task<bool> DownloadAsync(string name, Stream destination, IncrementalHash hash, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        long written = 0;
        var size = new ObservedObjectSize();
        while (true)
        {
            var before = written;
            try
            {
                return await WithRetryAsync("download", AttemptAsync, cancellationToken);
            }
            catch (ArtifactStoreUnavailableException) when (written > before)
            {
                // the retries ran out but bytes kept arriving: a slow, flaky link, not a dead store; go on with a fresh budget
            }
        }

        async ValueTask<bool> AttemptAsync(CancellationToken token)
        {
            while (true)
            {
                // Google's downloader holds a buffer of a whole chunk per download: small chunks until the first answer tells
                // the object's size (most objects are small files), large ones after it for a large object
                var chunk = size.Total > LargeObject ? LargeChunk : SmallChunk;
                var sink = new HashingStream(destination, hash, written, bytes =>
                {
                    written = bytes;
                    progress?.Report(new TransferProgress(bytes, Math.Max(size.Total, bytes)));
                    if (chunk == SmallChunk && size.Total > LargeObject)
                        throw new LargerChunksException();
                });
                try
                {
                    using (ObservedObjectSize.Observe(size))
                    {
                        await storage.DownloadObjectAsync(bucket, name, sink, new DownloadObjectOptions
                        {
                            Range = written > 0 ? new RangeHeaderValue(written, null) : null,
                            DownloadValidationMode = DownloadValidationMode.Never, // the store checks the SHA-256 the object is named by
                            ChunkSize = chunk,
                        }, token);
                    }

                    return true;
                }
                catch (Exception exception) when (Find(exception, found => found is LargerChunksException) is not null)
                {
                    // go on from the bytes written, in large chunks
                }
                catch (GoogleApiException exception) when (exception.HttpStatusCode == HttpStatusCode.NotFound)
                {
                    return false;
                }
                catch (GoogleApiException exception) when (exception.HttpStatusCode == HttpStatusCode.RequestedRangeNotSatisfiable && written > 0)
                {
                    return true; // every byte had arrived before the cut; the hash check decides
                }
            }
        }
    }

    private sealed class LargerChunksException() : Exception("the object is large: continuing in larger chunks");

    /// <summary>The first exception <paramref name="wanted"/> picks in <paramref name="exception"/> and the wrappers around it (inner and aggregated ones), or null.</summary>
    private static Exception? Find(Exception? exception, Func<Exception, bool> wanted) => exception switch
    {
        null => null,
        _ when wanted(exception) => exception,
        AggregateException aggregate => aggregate.InnerExceptions.Select(inner => Find(inner, wanted)).FirstOrDefault(found => found is not null),
        _ => Find(exception.InnerException, wanted),
    };

    private async Task<string> AccessTokenAsync(CancellationToken cancellationToken)
    {
        var access = await (tokens ??= credentials(cancellationToken));
        var tokenUri = (access as ServiceAccountCredential)?.TokenServerUrl ?? "Google's token endpoint";
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.TokenTimeout);
        try
        {
            var token = await access.GetAccessTokenForRequestAsync(cancellationToken: deadline.Token);
            if (token != maskedToken)
            {
                log.MaskSecret(token);
                maskedToken = token;
            }

            return token;
        }
        catch (TokenResponseException exception)
        {
            throw new GcsAccessException(
                $"Google refused the credentials for gs://{bucket} when asked for an access token ({exception.Error?.Error ?? "no reason given"}). The key may be deleted or disabled: create a new key for the service account and set GOOGLE_SERVICE_ACCOUNT_KEY (--google-service-account-key) again.");
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested
                                          && exception is OperationCanceledException or HttpRequestException or IOException or InvalidOperationException)
        {
            // the library's "token has expired and could not be refreshed" (an InvalidOperationException) is an unreachable endpoint, too
            tokens = null; // the next operation asks again
            var why = exception is OperationCanceledException ? $"did not answer within {options.TokenTimeout.TotalSeconds:0} s" : $"could not be reached ({Innermost(exception).Message})";
            throw new ArtifactStoreUnavailableException($"The token endpoint {tokenUri} (the key's token_uri, for gs://{bucket}) {why}; the bucket itself was not asked.", exception);
        }
    }

    private async Task<T> WithRetryAsync<T>(string operation, Func<CancellationToken, ValueTask<T>> call, CancellationToken cancellationToken)
    {
        var elapsed = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            return await RetryFor(elapsed).ExecuteAsync(async token => await Unwrapped(call, token), cancellationToken);
        }
        catch (Exception exception) when (IsUnreachable(exception) && !cancellationToken.IsCancellationRequested)
        {
            throw new ArtifactStoreUnavailableException($"gs://{bucket} could not be reached for a {operation} within {elapsed.Elapsed.TotalSeconds:0} s ({exception.Message}).", exception);
        }
        catch (Exception exception) when (IsTransient(exception) && !cancellationToken.IsCancellationRequested)
        {
            throw new ArtifactStoreUnavailableException($"gs://{bucket} did not answer a {operation} after {options.MaxRetries + 1} attempts (last: {exception.Message}).", exception);
        }
    }

    /// <summary>The call, with our own failures taken out of the wrappers the client library may put around them.</summary>
    private static async ValueTask<T> Unwrapped<T>(Func<CancellationToken, ValueTask<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call(cancellationToken);
        }
        catch (Exception exception) when (exception is not (GcsTransientException or GcsUnreachableException or GcsAccessException or ArtifactStoreUnavailableException)
                                          && Ours(exception) is { } ours)
        {
            ExceptionDispatchInfo.Throw(ours);
            throw;
        }
    }

    private static Exception? Ours(Exception exception) =>
        Find(exception, found => found is GcsTransientException or GcsUnreachableException or GcsAccessException or ArtifactStoreUnavailableException);

    private static Exception Innermost(Exception exception) => exception.InnerException is { } inner ? Innermost(inner) : exception;

    private static bool IsUnreachable(Exception exception) => exception is GcsUnreachableException;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static bool IsTransient(Exception exception) =>
        exception is GcsTransientException or GcsUnreachableException or HttpRequestException or IOException or TaskCanceledException { InnerException: TimeoutException };
}
