using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Google.Apis.Auth.OAuth2;
using Google.Apis.Auth.OAuth2.Responses;
using Pipeline.Build;
using Pipeline.Build.Caching;
using Pipeline.Build.IO;
using Polly;
using Polly.Retry;

namespace Pipeline.Components.Storage;

/// <summary>
/// The parts of Cloud Storage's JSON API the artifact store needs, over HttpClient (Google.Cloud.Storage.V1 is not
/// obtainable here): object metadata, listing, media and resumable uploads with <c>ifGenerationMatch=0</c> (a 412
/// means another writer stored the same object first), and <c>alt=media</c> downloads that resume with <c>Range</c>.
/// 408/429/5xx and dropped connections are retried with exponential backoff and jitter.
/// </summary>
internal sealed class GcsClient
{
    private readonly HttpClient http;
    private readonly Uri endpoint;
    private readonly string bucket;
    private readonly Func<CancellationToken, Task<ITokenAccess>> credentials;
    private readonly GcsOptions options;
    private readonly IBuildLog log;
    private Task<ITokenAccess>? tokens;
    private string? maskedToken;

    public GcsClient(HttpClient http, Uri endpoint, string bucket, Func<CancellationToken, Task<ITokenAccess>> credentials, GcsOptions options, IBuildLog log)
    {
        this.http = http;
        this.endpoint = endpoint;
        this.bucket = bucket;
        this.credentials = credentials;
        this.options = options;
        this.log = log;
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
            using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, ObjectUri(name) + "?fields=name"), token);
            return response.StatusCode != HttpStatusCode.NotFound && Ensure(response, name);
        }, cancellationToken);

    /// <summary>Names of the objects under the prefix, page by page.</summary>
    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken) =>
        WithRetryAsync<IReadOnlyList<string>>("list", async token =>
        {
            var names = new List<string>();
            string? pageToken = null;
            do
            {
                var uri = $"{endpoint}storage/v1/b/{bucket}/o?prefix={Uri.EscapeDataString(prefix)}&fields=items(name),nextPageToken"
                          + (pageToken is null ? "" : "&pageToken=" + Uri.EscapeDataString(pageToken));
                using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, uri), token);
                Ensure(response, prefix);
                using var page = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(token));
                if (page.RootElement.TryGetProperty("items", out var items))
                    names.AddRange(items.EnumerateArray().Select(item => item.GetProperty("name").GetString()!));
                pageToken = page.RootElement.TryGetProperty("nextPageToken", out var next) ? next.GetString() : null;
            }
            while (pageToken is not null);

            return names;
        }, cancellationToken);

    /// <summary>Uploads a file unless the object exists; small files in one request, large ones in a resumable session.</summary>
    public async Task UploadAsync(string name, string path, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        var size = new FileInfo(path).Length;
        if (size < options.ResumableThreshold)
            await UploadMediaAsync(name, path, size, cancellationToken);
        else
            await UploadResumableAsync(name, path, size, progress, cancellationToken);
        progress?.Report(new TransferProgress(size, size));
    }

    /// <summary>
    /// Appends the object to <paramref name="destination"/> (hashing it), resuming after a cut connection from the
    /// bytes already written; false when there is no such object.
    /// </summary>
    public async Task<bool> DownloadAsync(string name, Stream destination, IncrementalHash hash, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        long written = 0;
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
            using var response = await SendAsync(() =>
            {
                var request = new HttpRequestMessage(HttpMethod.Get, ObjectUri(name) + "?alt=media");
                if (written > 0)
                    request.Headers.Range = new RangeHeaderValue(written, null);
                return request;
            }, token);
            if (response.StatusCode == HttpStatusCode.NotFound)
                return false;
            if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable && written > 0)
                return true; // every byte had arrived before the cut; the hash check decides
            Ensure(response, name);
            if (response.StatusCode != HttpStatusCode.PartialContent && written > 0)
            {
                destination.SetLength(0); // the server sent it whole: start over
                destination.Position = 0;
                hash.GetHashAndReset();
                written = 0;
            }

            var total = written + (response.Content.Headers.ContentLength ?? 0);
            await using var body = await response.Content.ReadAsStreamAsync(token);
            await HashingCopy.CopyAsync(body, destination, hash, bytes =>
            {
                written = bytes;
                progress?.Report(new TransferProgress(bytes, total));
            }, token, startAt: written);
            return true;
        }
    }

    private Task UploadMediaAsync(string name, string path, long size, CancellationToken cancellationToken) =>
        WithRetryAsync("upload", async token =>
        {
            await using var file = File.OpenRead(path);
            using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, $"{UploadUri(name)}&uploadType=media")
            {
                Content = new StreamContent(file) { Headers = { ContentType = new MediaTypeHeaderValue("application/octet-stream"), ContentLength = size } },
            }, token);
            return response.StatusCode == HttpStatusCode.PreconditionFailed || Ensure(response, name); // 412: already there
        }, cancellationToken);

    private Task UploadResumableAsync(string name, string path, long size, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        Uri? session = null;
        long? persisted = null; // unknown after a failure: ask the session before sending more
        var buffer = new byte[options.ChunkSize];
        return WithRetryAsync("upload", async token =>
        {
            try
            {
                if (session is null)
                {
                    session = await StartSessionAsync(name, size, token);
                    persisted = 0;
                    if (session is null)
                        return true;
                }

                persisted ??= await PersistedAsync(session, name, size, token);
                await using var file = File.OpenRead(path);
                while (persisted is { } offset && offset < size)
                {
                    var length = (int)Math.Min(options.ChunkSize, size - offset);
                    file.Position = offset;
                    await file.ReadExactlyAsync(buffer.AsMemory(0, length), token);
                    persisted = null;
                    using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Put, session)
                    {
                        Content = new ByteArrayContent(buffer, 0, length) { Headers = { ContentRange = new ContentRangeHeaderValue(offset, offset + length - 1, size) } },
                    }, token);
                    persisted = Persisted(response, name, size);
                    progress?.Report(new TransferProgress(persisted ?? size, size));
                }

                return true;
            }
            catch (GcsTransientException exception) when (exception.SessionExpired)
            {
                session = null; // the next attempt starts a new session
                throw;
            }
        }, cancellationToken);
    }

    private async Task<Uri?> StartSessionAsync(string name, long size, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"{UploadUri(name)}&uploadType=resumable") { Content = new ByteArrayContent([]) };
            request.Headers.Add("X-Upload-Content-Type", "application/octet-stream");
            request.Headers.Add("X-Upload-Content-Length", size.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return request;
        }, cancellationToken);
        if (response.StatusCode == HttpStatusCode.PreconditionFailed)
            return null;
        Ensure(response, name);
        return response.Headers.Location ?? throw new GcsTransientException("the resumable upload answer had no session Location");
    }

    /// <summary>Asks a resumable session how many bytes it holds (PUT with <c>Content-Range: bytes */N</c>); null when complete.</summary>
    private async Task<long?> PersistedAsync(Uri session, string name, long size, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Put, session)
        {
            Content = new ByteArrayContent([]) { Headers = { ContentRange = new ContentRangeHeaderValue(size) } },
        }, cancellationToken);
        return Persisted(response, name, size);
    }

    /// <summary>Bytes the session holds after a 308 (its <c>Range: bytes=0-N</c>, or none); null when the object is complete or was already there.</summary>
    private static long? Persisted(HttpResponseMessage response, string name, long size)
    {
        if ((int)response.StatusCode == 308)
        {
            var range = response.Headers.TryGetValues("Range", out var values) ? values.First() : null;
            return range is null ? 0 : long.Parse(range[(range.LastIndexOf('-') + 1)..], System.Globalization.CultureInfo.InvariantCulture) + 1;
        }

        if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created or HttpStatusCode.PreconditionFailed)
            return null;
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone)
            throw new GcsTransientException($"the upload session of {name} expired ({(int)response.StatusCode}); starting it again", sessionExpired: true);
        Ensure(response, name);
        return size;
    }

    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> create, CancellationToken cancellationToken)
    {
        var token = await AccessTokenAsync(cancellationToken);
        using var request = create();
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.RequestTimeout);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new GcsUnreachableException($"{endpoint.Host} did not answer within {options.RequestTimeout.TotalSeconds:0} s");
        }
        catch (HttpRequestException exception)
        {
            throw new GcsUnreachableException($"{endpoint.Host}: {exception.Message}", exception);
        }

        var status = (int)response.StatusCode;
        if (status is 408 or 429 or >= 500)
        {
            var retryAfter = response.Headers.RetryAfter?.Delta;
            response.Dispose();
            throw new GcsTransientException($"{status} {response.ReasonPhrase}", retryAfter);
        }

        if (status == 401)
        {
            response.Dispose();
            throw new GcsAccessException($"Cloud Storage refused the access token for gs://{bucket} (401). The credentials are not valid for Cloud Storage: check GOOGLE_SERVICE_ACCOUNT_KEY (--google-service-account-key), or GOOGLE_APPLICATION_CREDENTIALS.");
        }

        if (status == 403)
        {
            response.Dispose();
            throw new GcsAccessException($"The service account may not use gs://{bucket} (403): grant it roles/storage.objectUser on the bucket (objects are read, listed and created, never overwritten).");
        }

        return response;
    }

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
            return await RetryFor(elapsed).ExecuteAsync(call, cancellationToken);
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

    private static Exception Innermost(Exception exception) => exception.InnerException is { } inner ? Innermost(inner) : exception;

    private static bool IsUnreachable(Exception exception) => exception is GcsUnreachableException;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static bool Ensure(HttpResponseMessage response, string name) =>
        response.IsSuccessStatusCode ? true : throw new GcsAccessException($"Cloud Storage answered {(int)response.StatusCode} {response.ReasonPhrase} for {name}.");

    private static bool IsTransient(Exception exception) =>
        exception is GcsTransientException or GcsUnreachableException or HttpRequestException or IOException or TaskCanceledException { InnerException: TimeoutException };

    private string ObjectUri(string name) => $"{endpoint}storage/v1/b/{bucket}/o/{Uri.EscapeDataString(name)}";

    private string UploadUri(string name) => $"{endpoint}upload/storage/v1/b/{bucket}/o?name={Uri.EscapeDataString(name)}&ifGenerationMatch=0";
}
