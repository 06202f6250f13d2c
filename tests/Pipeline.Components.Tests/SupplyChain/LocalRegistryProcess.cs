using Pipeline.Components.Containers;
using Pipeline.Tests.Shared;

namespace Pipeline.Components.Tests.SupplyChain;

/// <summary>A real registry (Debian's docker-registry, distribution 2.8) on a free loopback port, with one small image pushed to it.</summary>
internal sealed class LocalRegistryProcess : IAsyncDisposable
{
    private readonly ContainerTools tools;

    private LocalRegistryProcess(ContainerTools tools, string address)
    {
        this.tools = tools;
        Address = address;
    }

    public string Address { get; }

    public static async Task<LocalRegistryProcess> StartAsync(string folder, CancellationToken cancellationToken)
    {
        var tools = ContainerTools.Existing(folder, new RecordingLog());
        var address = $"127.0.0.1:{LoopbackPort.Free()}";
        await LocalRegistry.EnsureRunningAsync(tools, address, new RecordingLog(), cancellationToken);
        return new LocalRegistryProcess(tools, address);
    }

    /// <summary>Pushes a one-layer image under <paramref name="tag"/>; returns its manifest digest.</summary>
    public async Task<string> PushImageAsync(string repository, string tag, string content, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? labels = null)
    {
        var labelsJson = labels is null ? "" : ",\"config\":{\"Labels\":" + System.Text.Json.JsonSerializer.Serialize(labels) + "}";
        var registry = new Pipeline.Components.SupplyChain.RegistryArtifacts(new HttpClient(), Address, repository, credentials: null);
        var layer = await registry.PutBlobAsync(System.Text.Encoding.UTF8.GetBytes(content), cancellationToken);
        var config = System.Text.Encoding.UTF8.GetBytes($$$"""{"architecture":"amd64","os":"linux"{{{labelsJson}}},"rootfs":{"type":"layers","diff_ids":["{{{layer}}}"]}}""");
        var configDigest = await registry.PutBlobAsync(config, cancellationToken);
        var manifest = System.Text.Encoding.UTF8.GetBytes($$$"""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","size":{{{config.Length}}},"digest":"{{{configDigest}}}"},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","size":{{{content.Length}}},"digest":"{{{layer}}}"}]}""");
        return await registry.PutManifestAsync(tag, "application/vnd.oci.image.manifest.v1+json", manifest, cancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        LocalRegistry.Stop(tools);
        return ValueTask.CompletedTask;
    }
}
