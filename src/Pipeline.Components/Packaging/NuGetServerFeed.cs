using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Pipeline.Build;

namespace Pipeline.Components.Packaging;

/// <summary>
/// A NuGet server through its documented push protocol: the service index names the PackagePublish resource, and
/// a package is a multipart PUT with the X-NuGet-ApiKey header. Written here because `dotnet nuget push` takes the
/// key on its command line, where other processes can read it.
/// </summary>
internal sealed class NuGetServerFeed(Uri serviceIndex, string apiKey, HttpClient http) : IPackageFeed
{
    private Uri? publishEndpoint;

    public async Task<string> PublishAsync(string package, CancellationToken cancellationToken)
    {
        publishEndpoint ??= await FindPublishEndpointAsync(cancellationToken);
        using var content = new MultipartFormDataContent();
        var file = new StreamContent(File.OpenRead(package));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Add(file, "package", Path.GetFileName(package));
        using var request = new HttpRequestMessage(HttpMethod.Put, publishEndpoint) { Content = content };
        request.Headers.Add("X-NuGet-ApiKey", apiKey);
        using var response = await http.SendAsync(request, cancellationToken);
        return response.StatusCode switch
        {
            HttpStatusCode.Created or HttpStatusCode.Accepted or HttpStatusCode.OK => $"published to {serviceIndex.Host}",
            HttpStatusCode.Conflict => $"already on {serviceIndex.Host} (409: a published version never changes; tag a new version to publish again)",
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => throw new TargetFailedException(
                $"{serviceIndex.Host} refused the API key ({(int)response.StatusCode}). Check PIPELINE_PACKAGE_FEED_API_KEY: it must be allowed to push this package ID."),
            _ => throw new TargetFailedException(
                $"Pushing {Path.GetFileName(package)} to {publishEndpoint} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}"),
        };
    }

    private async Task<Uri> FindPublishEndpointAsync(CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(serviceIndex, cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new TargetFailedException($"{serviceIndex} answered {(int)response.StatusCode}: --package-feed must be a NuGet v3 service index (…/v3/index.json).");
        using var index = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        foreach (var resource in index.RootElement.GetProperty("resources").EnumerateArray())
        {
            if (resource.GetProperty("@type").GetString() is { } type && type.StartsWith("PackagePublish/", StringComparison.Ordinal))
                return new Uri(resource.GetProperty("@id").GetString()!);
        }

        throw new TargetFailedException($"{serviceIndex} lists no PackagePublish resource: the feed does not accept pushes.");
    }
}
