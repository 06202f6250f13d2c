namespace Pipeline.Components;

/// <summary>
/// One HttpClient per kind of peer for the whole process, as the framework guidance says (a client per call
/// exhausts sockets and ignores DNS changes); timeouts fit what each peer does.
/// </summary>
#pragma warning disable RS0030 // the one place that creates clients
public static class SharedHttp
{
    /// <summary>Cloud sign-in and control APIs (OIDC tokens, STS, Entra ID, ECR, EKS, ARM, GKE, ACR token exchange).</summary>
    public static HttpClient Cloud { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Health checks and smoke tests of a deployed service.</summary>
    public static HttpClient Probe { get; } = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>Container registries (distribution API: manifests, blobs, token endpoints).</summary>
    public static HttpClient Registry { get; } = new() { Timeout = TimeSpan.FromMinutes(5) };

    /// <summary>A registry client that also trusts a private CA (PEM file), verifying the chain against it; the shared one without.</summary>
    public static HttpClient RegistryTrusting(string? caFile) => caFile is null ? Registry : TrustingClients.GetOrAdd(Path.GetFullPath(caFile), CreateTrusting);

    private const string SystemBundle = "/etc/ssl/certs/ca-certificates.crt";

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, HttpClient> TrustingClients = new(StringComparer.Ordinal);

    private static HttpClient CreateTrusting(string caFile)
    {
        var roots = new System.Security.Cryptography.X509Certificates.X509Certificate2Collection();
        roots.ImportFromPemFile(caFile);
        if (File.Exists(SystemBundle))
            roots.ImportFromPemFile(SystemBundle); // a token realm on a public host stays trusted
        var policy = new System.Security.Cryptography.X509Certificates.X509ChainPolicy
        {
            // the chain is still built and verified (names, dates, signatures), against these roots: never skipped
            TrustMode = System.Security.Cryptography.X509Certificates.X509ChainTrustMode.CustomRootTrust,
            RevocationMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck,
        };
        policy.CustomTrustStore.AddRange(roots);
        var handler = new SocketsHttpHandler { SslOptions = { CertificateChainPolicy = policy } };
        return new HttpClient(handler) { Timeout = Registry.Timeout };
    }

    /// <summary>The local registry's liveness check: it answers at once or not at all.</summary>
    public static HttpClient LocalRegistry { get; } = new() { Timeout = TimeSpan.FromSeconds(2) };

    /// <summary>The GitLab REST API (merge request notes).</summary>
    public static HttpClient GitLab { get; } = new() { Timeout = TimeSpan.FromSeconds(100) };

    /// <summary>Chat incoming webhooks (Slack, Teams): they answer at once or are down.</summary>
    public static HttpClient Webhooks { get; } = new() { Timeout = TimeSpan.FromSeconds(15) };

    /// <summary>NuGet servers (service index, package push).</summary>
    public static HttpClient NuGet { get; } = new() { Timeout = TimeSpan.FromMinutes(5) };

    /// <summary>Cloud Storage transfers (large objects).</summary>
    public static HttpClient Storage { get; } = new() { Timeout = TimeSpan.FromMinutes(10) };
}
