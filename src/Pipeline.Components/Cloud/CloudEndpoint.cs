using Pipeline.Components.Containers;

namespace Pipeline.Components.Cloud;

/// <summary>A cloud API's address: the public one, or an override (sovereign clouds, private endpoints) that must be HTTPS unless on loopback.</summary>
public static class CloudEndpoint
{
    /// <summary>The endpoint to call: <paramref name="overrideUrl"/> or the environment variable <paramref name="variable"/> when set (tests, sovereign clouds), else <paramref name="publicEndpoint"/>; plain http only on loopback.</summary>
    public static Uri Resolve(string? overrideUrl, string variable, Uri publicEndpoint)
    {
        if (overrideUrl is not { Length: > 0 })
            return publicEndpoint;
        if (!Uri.TryCreate(overrideUrl.EndsWith('/') ? overrideUrl : overrideUrl + "/", UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            throw new CloudSignInException($"{variable}='{overrideUrl}' is not an http(s) address.");
        if (uri.Scheme == "http" && !RegistryHost.IsLoopback(uri.Authority))
            throw new CloudSignInException($"{variable}='{overrideUrl}' is plain http to another machine: credentials would cross the network unencrypted; use https.");
        return uri;
    }
}
