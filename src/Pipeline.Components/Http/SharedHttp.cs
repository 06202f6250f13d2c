namespace Pipeline.Components;

/// <summary>
/// One HttpClient per kind of peer for the whole process, as the framework guidance says (a client per call
/// exhausts sockets and ignores DNS changes); timeouts fit what each peer does.
/// </summary>
#pragma warning disable RS0030 // the one place that creates clients
internal static class SharedHttp
{
    /// <summary>Google APIs (token exchange, GKE cluster lookup).</summary>
    public static HttpClient Google { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Health checks and smoke tests of a deployed service.</summary>
    public static HttpClient Probe { get; } = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>Container registries (distribution API: manifests, blobs, token endpoints).</summary>
    public static HttpClient Registry { get; } = new() { Timeout = TimeSpan.FromMinutes(5) };

    /// <summary>The local registry's liveness check: it answers at once or not at all.</summary>
    public static HttpClient LocalRegistry { get; } = new() { Timeout = TimeSpan.FromSeconds(2) };

    /// <summary>The GitLab REST API (merge request notes).</summary>
    public static HttpClient GitLab { get; } = new() { Timeout = TimeSpan.FromSeconds(100) };

    /// <summary>Cloud Storage transfers (large objects).</summary>
    public static HttpClient Storage { get; } = new() { Timeout = TimeSpan.FromMinutes(10) };
}
