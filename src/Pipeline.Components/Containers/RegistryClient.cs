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

    /// <summary>Points <paramref name="tag"/> at the manifest <paramref name="digest"/> names: the same bytes PUT under the tag, so no blob moves.</summary>
    public async Task TagAsync(string repository, string digest, string tag, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Base, $"{repository}/manifests/{digest}"));
        foreach (var type in ManifestTypes)
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        using var manifest = await http.SendAsync(request, cancellationToken);
        manifest.EnsureSuccessStatusCode();
        using var content = new ByteArrayContent(await manifest.Content.ReadAsByteArrayAsync(cancellationToken));
        content.Headers.ContentType = manifest.Content.Headers.ContentType;
        using var tagged = await http.PutAsync(new Uri(Base, $"{repository}/manifests/{tag}"), content, cancellationToken);
        tagged.EnsureSuccessStatusCode();
    }

    /// <summary>Whether the repository holds the blob <paramref name="digest"/>.</summary>
    public async Task<bool> HasBlobAsync(string repository, string digest, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, new Uri(Base, $"{repository}/blobs/{digest}"));
        using var response = await http.SendAsync(request, cancellationToken);
        return response.IsSuccessStatusCode;
    }

    /// <summary>Uploads a blob in one request (the distribution API's monolithic upload: POST for a session, PUT with the digest).</summary>
    public async Task UploadBlobAsync(string repository, string digest, HttpContent content, CancellationToken cancellationToken)
    {
        using var session = await http.PostAsync(new Uri(Base, $"{repository}/blobs/uploads/"), null, cancellationToken);
        session.EnsureSuccessStatusCode();
        var location = new Uri(Base, session.Headers.Location ?? throw new RegistryException($"The registry {registry} opened an upload without a Location."));
        var separator = location.Query.Length > 0 ? "&" : "?";
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var put = await http.PutAsync(new Uri(location + separator + "digest=" + Uri.EscapeDataString(digest)), content, cancellationToken);
        put.EnsureSuccessStatusCode();
    }

    /// <summary>PUTs a manifest under <paramref name="reference"/>; returns the digest the registry gives it.</summary>
    public async Task<string> PutManifestAsync(string repository, string reference, byte[] manifest, string mediaType, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(manifest);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        using var response = await http.PutAsync(new Uri(Base, $"{repository}/manifests/{reference}"), content, cancellationToken);
        response.EnsureSuccessStatusCode();
        return response.Headers.TryGetValues("Docker-Content-Digest", out var digest) ? digest.First() : "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(manifest));
    }

    /// <summary>A blob (the image config, for labels), as text.</summary>
    public Task<string> BlobAsync(string repository, string digest, CancellationToken cancellationToken) =>
        http.GetStringAsync(new Uri(Base, $"{repository}/blobs/{digest}"), cancellationToken);
}
