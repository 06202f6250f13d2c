using System.Net;

namespace Pipeline.Components.Containers;

/// <summary>
/// Which registries may be spoken to without TLS verification: only those on loopback (127.0.0.0/8, ::1,
/// localhost), where no one else is on the wire. Every other registry gets TLS, verified.
/// </summary>
public static class RegistryHost
{
    /// <summary>The host part of <c>host[:port]</c> (an IPv6 literal in brackets included).</summary>
    public static string HostOf(string registry)
    {
        var authority = registry.Split('/')[0];
        if (authority.StartsWith('['))
            return authority[1..authority.IndexOf(']', StringComparison.Ordinal)];
        var colon = authority.LastIndexOf(':');
        return colon > 0 && authority.IndexOf(':') == colon ? authority[..colon] : authority;
    }

    /// <summary>Whether the registry is on this machine (localhost, 127.0.0.0/8, ::1): plain HTTP is allowed only there.</summary>
    public static bool IsLoopback(string registry)
    {
        var host = HostOf(registry);
        return string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
    }
}
