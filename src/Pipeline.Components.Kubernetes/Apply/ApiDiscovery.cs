using System.Net;
using System.Text.Json;
using k8s;
using Pipeline.Components.Deploy;
using Pipeline.Components.Train;

namespace Pipeline.Components.Kubernetes.Apply;

/// <summary>
/// Which resource serves a kind, from the cluster's discovery documents (<c>GET /api/v1</c>, <c>GET /apis/{group}/{version}</c>,
/// <c>GET /apis/{group}</c> for the preferred version), as kubectl finds it; each document is read once per run. After a
/// CustomResourceDefinition is applied, <see cref="Forget"/> makes its group be read again.
/// </summary>
internal sealed class ApiDiscovery(k8s.Kubernetes client)
{
    private readonly Dictionary<string, IReadOnlyList<ApiResource>?> groupVersions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> preferredVersions = new(StringComparer.Ordinal);

    /// <summary>The resource of that kind in that group version, or null when the cluster does not serve it.</summary>
    public async Task<ApiResource?> FindAsync(string group, string version, string kind, CancellationToken cancellationToken)
    {
        var key = group.Length == 0 ? version : $"{group}/{version}";
        if (!groupVersions.TryGetValue(key, out var resources))
        {
            using var document = await GetAsync(group.Length == 0 ? $"/api/{version}" : $"/apis/{group}/{version}", cancellationToken);
            resources = document is null ? null : Resources(document.RootElement, group, version);
            groupVersions[key] = resources;
        }

        return resources?.FirstOrDefault(resource => resource.Kind == kind);
    }

    /// <summary>The resource of a kind in the group's preferred version (what pruning lists with), or null when the group is not served.</summary>
    public async Task<ApiResource?> FindPreferredAsync(string group, string kind, CancellationToken cancellationToken)
    {
        if (group.Length == 0)
            return await FindAsync("", "v1", kind, cancellationToken);
        if (!preferredVersions.TryGetValue(group, out var version))
        {
            using var document = await GetAsync($"/apis/{group}", cancellationToken);
            version = document?.RootElement.TryGetProperty("preferredVersion", out var preferred) == true ? preferred.GetProperty("version").GetString() : null;
            preferredVersions[group] = version;
        }

        return version is null ? null : await FindAsync(group, version, kind, cancellationToken);
    }

    /// <summary>Reads the group's documents again on the next lookup (a CRD of that group was just applied).</summary>
    public void Forget(string group)
    {
        foreach (var key in groupVersions.Keys.Where(key => key.StartsWith(group + "/", StringComparison.Ordinal)).ToList())
            groupVersions.Remove(key);
        preferredVersions.Remove(group);
    }

    private static List<ApiResource> Resources(JsonElement list, string group, string version) =>
        list.TryGetProperty("resources", out var resources)
            ? [.. resources.EnumerateArray()
                .Where(resource => !resource.GetProperty("name").GetString()!.Contains('/', StringComparison.Ordinal)) // subresources: deployments/status
                .Select(resource => new ApiResource(group, version, resource.GetProperty("kind").GetString()!, resource.GetProperty("name").GetString()!,
                    resource.TryGetProperty("namespaced", out var namespaced) && namespaced.GetBoolean()))]
            : [];

    // KubernetesClient has typed discovery for built-in groups only; a CRD's group needs the raw GET (with the client's own credentials).
    private async Task<JsonDocument?> GetAsync(string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, client.BaseUri.ToString().TrimEnd('/') + path);
        request.Headers.Accept.ParseAdd("application/json");
        if (client.Credentials is { } credentials)
            await credentials.ProcessHttpRequestAsync(request, cancellationToken);
        HttpResponseMessage answer;
        try
        {
            answer = await client.HttpClient.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException exception)
        {
            throw ClusterErrors.Unreachable(exception);
        }

        using var response = answer;
        if (response.StatusCode == HttpStatusCode.NotFound)
            return null;
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            throw ClusterErrors.Refused((int)response.StatusCode, "GET", path, await response.Content.ReadAsStringAsync(cancellationToken));
        if (!response.IsSuccessStatusCode)
            throw new ClusterException($"The cluster answered {(int)response.StatusCode} to GET {path} (API discovery): {await response.Content.ReadAsStringAsync(cancellationToken)}");
        return await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
    }
}
