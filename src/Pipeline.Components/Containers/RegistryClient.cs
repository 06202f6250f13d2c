using System.Net;
using System.Net.Http.Headers;
using Pipeline.Build;

namespace Pipeline.Components.Containers;

/// <summary>The few calls of the OCI distribution API the build needs: is it up, and which digest a tag points to.</summary>
internal sealed class RegistryClient(HttpClient http, string registry)
{
    private static readonly string[] ManifestTypes =
        ["application/vnd.oci.image.manifest.v1+json", "application/vnd.oci.image.index.v1+json", "application/vnd.docker.distribution.manifest.v2+json"];

    private Uri Base => new($"http://{registry}/v2/");

    /// <summary>Whether <c>GET /v2/</c> answers 200.</summary>
    public async Task<bool> IsUpAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 2; attempt++)
        {
            try
            {
                using var response = await http.GetAsync(Base, cancellationToken);
                return response.StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                return false;
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // timed out: a busy machine can miss one short timeout, so ask once more before calling it down
            }
        }

        return false;
    }

    /// <summary>The digest a tag points to, or null when the registry does not have it.</summary>
    public async Task<string?> DigestOfAsync(string repository, string tag, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, new Uri(Base, $"{repository}/manifests/{tag}"));
        foreach (var type in ManifestTypes)
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            return response.IsSuccessStatusCode && response.Headers.TryGetValues("Docker-Content-Digest", out var digest) ? digest.First() : null;
        }
        catch (HttpRequestException exception)
        {
            throw new RegistryException($"The registry {registry} is unreachable ({exception.Message}). For the local one run ./build.sh Push (it starts it), or check the registry address.");
        }
    }

    /// <summary>The manifest of a tag or digest, as JSON text.</summary>
    public async Task<string> ManifestAsync(string repository, string reference, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Base, $"{repository}/manifests/{reference}"));
        foreach (var type in ManifestTypes)
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    /// <summary>A blob (the image config, for labels), as text.</summary>
    public Task<string> BlobAsync(string repository, string digest, CancellationToken cancellationToken) =>
        http.GetStringAsync(new Uri(Base, $"{repository}/blobs/{digest}"), cancellationToken);
}
