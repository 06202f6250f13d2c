using System.Net;

namespace Pipeline.Components.Storage;

/// <summary>
/// The bottom of Google's HTTP pipeline for Cloud Storage: one connection pool per store, a deadline for each response's headers, and
/// our reading of failures (Google.Apis alone would retry only a 503, without Retry-After): 408/429/5xx become
/// <see cref="GcsTransientException"/>, no answer <see cref="GcsUnreachableException"/>, 401/403 a message naming the fix.
/// </summary>
internal sealed class GcsTransport(string host, string bucket, TimeSpan requestTimeout) : DelegatingHandler(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
{
    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.AcceptEncoding.Clear(); // bytes as stored: the store hashes what arrives
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(requestTimeout);
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, deadline.Token); // answers once the headers are in; the body streams after
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new GcsUnreachableException($"{host} did not answer within {requestTimeout.TotalSeconds:0} s");
        }
        catch (HttpRequestException exception)
        {
            throw new GcsUnreachableException($"{host}: {exception.Message}", exception);
        }

        var status = (int)response.StatusCode;
        if (status is 408 or 429 or >= 500)
        {
            var retryAfter = response.Headers.RetryAfter?.Delta;
            response.Dispose();
            throw new GcsTransientException($"{status} {response.ReasonPhrase}", retryAfter);
        }

        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            response.Dispose();
            throw new GcsAccessException($"Cloud Storage refused the access token for gs://{bucket} (401). The credentials are not valid for Cloud Storage: check GOOGLE_SERVICE_ACCOUNT_KEY (--google-service-account-key), or GOOGLE_APPLICATION_CREDENTIALS.");
        }

        if (response.StatusCode == HttpStatusCode.Forbidden)
        {
            response.Dispose();
            throw new GcsAccessException($"The service account may not use gs://{bucket} (403): grant it roles/storage.objectUser on the bucket (objects are read, listed and created, never overwritten).");
        }

        ObservedObjectSize.Record(response);
        return response;
    }
}
