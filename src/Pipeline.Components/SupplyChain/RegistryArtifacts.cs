using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Pipeline.Components.Containers;

namespace Pipeline.Components.SupplyChain;

/// <summary>
/// What is attached to an image in its registry (OCI distribution API): blobs, and manifests under tags of the
/// <c>sha256-&lt;hex&gt;.&lt;kind&gt;</c> scheme that cosign (<c>.sig</c>, <c>.sbom</c>) and <c>cosign tree</c> use, which
/// every registry serves (distribution 2.x has no referrers API). Basic or Bearer (token) authentication as the
/// registry's challenge asks. Written on HttpClient: no OCI client library is served here (oras is a Go tool).
/// </summary>
internal sealed class RegistryArtifacts(HttpClient http, string registry, string repository, RegistryCredentials? credentials)
{
    private readonly Uri root = RootOf(registry);
    private AuthenticationHeaderValue? authorization;

    /// <summary>The address of a manifest by tag or digest: plain http on loopback, https elsewhere.</summary>
    public static Uri ManifestUri(string registry, string repository, string reference) => new(RootOf(registry), $"v2/{repository}/manifests/{reference}");

    /// <summary>The tag an attachment of <paramref name="digest"/> lives under: <c>sha256-&lt;hex&gt;.sig</c>.</summary>
    public static string TagOf(string digest, string kind) => digest.Replace(':', '-') + "." + kind;

    /// <summary>The sha256 digest of bytes, as the registry names content.</summary>
    public static string DigestOf(byte[] content) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>Uploads a blob unless the registry has it; returns its digest.</summary>
    public async Task<string> PutBlobAsync(byte[] content, CancellationToken cancellationToken)
    {
        var digest = DigestOf(content);
        await PutBlobAsync(digest, () => new ByteArrayContent(content), cancellationToken);
        return digest;
    }

    /// <summary>Uploads the blob <paramref name="digest"/> unless the registry has it; <paramref name="content"/> makes its body (again after a login).</summary>
    public async Task PutBlobAsync(string digest, Func<HttpContent> content, CancellationToken cancellationToken)
    {
        using (var head = await SendAsync(() => new HttpRequestMessage(HttpMethod.Head, Api($"blobs/{digest}")), cancellationToken))
        {
            if (head.IsSuccessStatusCode)
                return;
        }

        using var start = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, Api("blobs/uploads/")), cancellationToken);
        Ensure(start, "start a blob upload");
        var location = start.Headers.Location ?? throw new RegistryException($"The registry {registry} started an upload without a Location.");
        var upload = location.IsAbsoluteUri ? location : new Uri(root, location);
        var separator = upload.Query.Length > 0 ? "&" : "?";
        using var put = await SendAsync(() =>
        {
            var body = content();
            body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            return new HttpRequestMessage(HttpMethod.Put, new Uri(upload + separator + "digest=" + Uri.EscapeDataString(digest))) { Content = body };
        }, cancellationToken);
        Ensure(put, $"upload blob {digest}");
    }

    /// <summary>Puts a manifest under a tag; returns its digest.</summary>
    public async Task<string> PutManifestAsync(string tag, string mediaType, byte[] manifest, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Put, Api($"manifests/{tag}"))
        {
            Content = new ByteArrayContent(manifest) { Headers = { ContentType = new MediaTypeHeaderValue(mediaType) } },
        }, cancellationToken);
        Ensure(response, $"put the manifest {tag}");
        return DigestOf(manifest);
    }

    /// <summary>A manifest by tag or digest, or null when there is none.</summary>
    public async Task<(byte[] Content, string MediaType)?> GetManifestAsync(string reference, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, Api($"manifests/{reference}"))
        {
            Headers = { Accept = { new(OciMediaTypes.Manifest), new("application/vnd.oci.image.index.v1+json"), new("application/vnd.docker.distribution.manifest.v2+json"), new("application/vnd.docker.distribution.manifest.list.v2+json") } },
        }, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
            return null;
        Ensure(response, $"read the manifest {reference}");
        return (await response.Content.ReadAsByteArrayAsync(cancellationToken), response.Content.Headers.ContentType?.MediaType ?? OciMediaTypes.Manifest);
    }

    /// <summary>A blob's content, checked against its digest.</summary>
    public async Task<byte[]> GetBlobAsync(string digest, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, Api($"blobs/{digest}")), cancellationToken);
        Ensure(response, $"read blob {digest}");
        var content = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return DigestOf(content) == digest ? content : throw new RegistryException($"The registry {registry} returned content for {digest} that does not match that digest.");
    }

    private Uri Api(string path) => new(root, $"v2/{repository}/{path}");

    private static Uri RootOf(string registry) => new($"{(RegistryHost.IsLoopback(registry) ? "http" : "https")}://{registry}/");

    private void Ensure(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
            throw new RegistryException($"The registry {registry} refused to {what} in {repository} ({(int)response.StatusCode} {response.ReasonPhrase}).");
    }

    /// <summary>Sends with the authorization the registry asked for, getting it on the first 401.</summary>
    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> create, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var request = create();
            request.Headers.Authorization = authorization;
            var response = await http.SendAsync(request, cancellationToken);
            if (response.StatusCode != HttpStatusCode.Unauthorized || attempt > 0 || response.Headers.WwwAuthenticate.FirstOrDefault() is not { } challenge)
                return response;
            response.Dispose();
            authorization = await AuthorizeAsync(challenge, cancellationToken);
        }
    }

    private async Task<AuthenticationHeaderValue> AuthorizeAsync(AuthenticationHeaderValue challenge, CancellationToken cancellationToken)
    {
        var login = credentials ?? throw new RegistryException($"The registry {registry} asks for a login to attach to {repository}: set --registry-username and --registry-password (or your registry's CI variables).");
        if (!challenge.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
            return RegistryAuthorization.Basic(login);
        var (bearer, status) = await RegistryAuthorization.BearerAsync(SendOnceAsync, challenge, login, registry, repository, cancellationToken);
        return bearer ?? throw new RegistryException($"The registry {registry} refused a token for {repository} ({status}): check the login may push there.");
    }

    private async Task<HttpResponseMessage> SendOnceAsync(Func<HttpRequestMessage> create, CancellationToken cancellationToken)
    {
        using var request = create();
        return await http.SendAsync(request, cancellationToken);
    }
}
