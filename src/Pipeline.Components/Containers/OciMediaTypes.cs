namespace Pipeline.Components.Containers;

/// <summary>The OCI image-spec media types the build writes: a manifest, an image config, a layer as a tar or gzipped.</summary>
internal static class OciMediaTypes
{
    public const string Manifest = "application/vnd.oci.image.manifest.v1+json";
    public const string Config = "application/vnd.oci.image.config.v1+json";
    public const string Layer = "application/vnd.oci.image.layer.v1.tar";
    public const string GzipLayer = "application/vnd.oci.image.layer.v1.tar+gzip";
}
