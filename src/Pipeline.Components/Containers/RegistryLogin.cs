using System.Net;
using Pipeline.Build;
using Pipeline.Components.Tooling;

namespace Pipeline.Components.Containers;

/// <summary>
/// Checks credentials before a push with the registry's own handshake (distribution spec: GET /v2/, then the
/// Bearer token endpoint of the WWW-Authenticate challenge, or Basic), so a wrong login fails fast with the
/// registry named instead of halfway through an upload. Retries 5xx and dropped connections with backoff.
/// </summary>
internal sealed class RegistryLogin(HttpClient http, TimeSpan? firstRetryDelay = null)
{
    private readonly Polly.ResiliencePipeline retry = HostRetry.Create(firstRetryDelay ?? TimeSpan.FromSeconds(1),
        exception => exception is HttpRequestException or TransientRegistryException);

    /// <summary>Succeeds when the registry accepts the credentials (or needs none).</summary>
    public async Task VerifyAsync(Uri registry, RegistryCredentials? credentials, string repository, CancellationToken cancellationToken)
    {
        var name = registry.Authority;
        try
        {
            using var probe = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, new Uri(registry, "/v2/")), cancellationToken);
            if (probe.StatusCode == HttpStatusCode.OK)
                return;
            if (probe.StatusCode != HttpStatusCode.Unauthorized || probe.Headers.WwwAuthenticate.FirstOrDefault() is not { } challenge)
                throw new RegistryException($"The registry {name} answered {(int)probe.StatusCode} to GET /v2/; is {registry} a container registry?");
            if (credentials is null)
                throw new RegistryException($"authentication failed for {name}: the registry asks for a login and none is configured (--registry-username/--registry-password, or the CI variables of your registry).");

            int status;
            if (challenge.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
            {
                (var bearer, status) = await RegistryAuthorization.BearerAsync(SendAsync, challenge, credentials, name, repository, cancellationToken);
                if (bearer is not null)
                    return;
            }
            else
            {
                using var answer = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, new Uri(registry, "/v2/")) { Headers = { Authorization = RegistryAuthorization.Basic(credentials) } }, cancellationToken);
                if (answer.IsSuccessStatusCode)
                    return;
                status = (int)answer.StatusCode;
            }

            throw new RegistryException($"authentication failed for {name}: the registry rejected user '{credentials.Username}' ({status}). Check the password or token and that it may push to {repository}.");
        }
        catch (HttpRequestException exception) when (exception.InnerException is System.Security.Authentication.AuthenticationException)
        {
            throw new RegistryException($"The registry {name} presented a TLS certificate this machine does not trust ({exception.InnerException.Message}). If it is signed by a private CA, pass its certificate: --registry-ca ca.pem. TLS verification is not switched off.", exception);
        }
        catch (HttpRequestException exception)
        {
            throw new RegistryException($"The registry {name} is unreachable ({exception.Message}). For the local registry, ./build.sh Push starts it; otherwise check the address and the network.");
        }
        catch (TransientRegistryException exception)
        {
            throw new RegistryException($"The registry {name} kept failing ({exception.Message}) after 3 retries; try again later.");
        }
    }

    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> request, CancellationToken cancellationToken) =>
        await retry.ExecuteAsync(async token =>
        {
            using var message = request();
            var response = await http.SendAsync(message, token);
            return (int)response.StatusCode >= 500 ? throw new TransientRegistryException($"HTTP {(int)response.StatusCode}") : response;
        }, cancellationToken);

    private sealed class TransientRegistryException(string message) : Exception(message);
}
