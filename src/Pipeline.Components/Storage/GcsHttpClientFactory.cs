using Google.Apis.Http;

namespace Pipeline.Components.Storage;

/// <summary>Gives Google's Cloud Storage client our transport (<see cref="GcsTransport"/>) under its own request pipeline.</summary>
internal sealed class GcsHttpClientFactory(string host, string bucket, TimeSpan requestTimeout) : HttpClientFactory
{
    /// <inheritdoc />
    protected override HttpMessageHandler CreateHandler(CreateHttpClientArgs args) => new GcsTransport(host, bucket, requestTimeout);
}
