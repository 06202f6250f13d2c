using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Build;
using Pipeline.Build.IO;

namespace Pipeline.Components.Containers;

/// <summary>
/// The serving image composed without a build: the app image's layers (<see cref="AppImage"/>), then the model as a
/// layer we write (<see cref="ModelLayer"/>), and a config of ours (the app's, with the model layer, the OCI labels and
/// the commit's time), written as an OCI layout and copied into local storage with skopeo. Storage already holds the
/// app image's layers under the same digests, so only the model layer is read; a model change costs a tar of the
/// model and two tool calls instead of a <c>buildah bud</c> (which mounts a working container per cached step).
/// </summary>
internal static class ServingImage
{
    private const string Reference = "serving";

    /// <summary>Where the model goes in the image, as the generated Containerfile's <c>Model__Directory</c> says.</summary>
    public const string ModelPath = "/app/model";

    /// <summary>Composes the image with the model at <paramref name="pathInImage"/>, tags it in local storage and writes its record (<see cref="ImageRecord"/>) for Push.</summary>
    public static async Task<ImageRecord> ComposeAsync(AbsolutePath root, ContainerSettings settings, ContainerTools tools, AppImage app, string modelDirectory, string pathInImage, SourceRevision revision, CancellationToken cancellationToken)
    {
        var layouts = Directory.CreateDirectory(Path.Combine(tools.StateDirectory, "serving-image")).FullName;
        SweepLeftovers(layouts);
        var layout = Path.Combine(layouts, Guid.NewGuid().ToString("N")); // a layout of its own: another build of this repository may compose at the same time
        var blobs = Directory.CreateDirectory(Path.Combine(layout, "blobs", "sha256")).FullName;
        try
        {
            var created = DateTimeOffset.FromUnixTimeSeconds(revision.CommitEpoch);
            var (layerDigest, layerSize) = await ModelLayer.WriteAsync(modelDirectory, pathInImage, created, blobs, cancellationToken);
            var configBytes = Config(app.Config, layerDigest, pathInImage, created, ImageBuilder.Labels(revision));
            var config = Blob(blobs, configBytes);
            var manifest = Blob(blobs, Manifest(app.Manifest, config, (layerDigest, layerSize)));
            await File.WriteAllTextAsync(Path.Combine(layout, "oci-layout"), """{"imageLayoutVersion":"1.0.0"}""", cancellationToken);
            await File.WriteAllTextAsync(Path.Combine(layout, "index.json"), new JsonObject
            {
                ["schemaVersion"] = 2,
                ["manifests"] = new JsonArray(Descriptor(OciMediaTypes.Manifest, manifest, new JsonObject { ["org.opencontainers.image.ref.name"] = Reference })),
            }.ToJsonString(), cancellationToken);

            var imageId = config.Digest; // an image's id in local storage is its config's digest
            var tags = ImageBuilder.Tags(revision);
            if (revision.IsDirty)
                tags = [.. tags, revision.DirtyTag(imageId)];
            await tools.RunAsync("skopeo", ["copy", "-q", $"oci:{layout}:{Reference}", $"containers-storage:{settings.ImageName}:{tags[0]}"], root, cancellationToken, quiet: true);
            if (tags.Length > 1)
                await tools.RunAsync("buildah", ["tag", $"{settings.ImageName}:{tags[0]}", .. tags.Skip(1).Select(tag => $"{settings.ImageName}:{tag}")], root, cancellationToken, quiet: true);

            new ComposedImage(imageId, Encoding.UTF8.GetString(configBytes), revision.CommitEpoch, pathInImage).Save(tools.StateDirectory, settings.ImageRepository); // for Push, which may send it without buildah
            return ImageBuilder.Record(root, settings, new ImageRecord(settings.ImageName, tags, revision.Sha, imageId));
        }
        finally
        {
            Directory.Delete(layout, recursive: true); // storage holds the image now; the layout only doubled the model on disk
        }
    }

    /// <summary>Layouts a killed build left (untouched for a day: no build composes that long), each holding a copy of a model.</summary>
    internal static void SweepLeftovers(string layouts)
    {
        foreach (var left in new DirectoryInfo(layouts).EnumerateDirectories().Where(folder => folder.LastWriteTimeUtc < DateTime.UtcNow.AddDays(-1)))
        {
            try
            {
                left.Delete(recursive: true);
            }
            catch (IOException)
            {
                // another build removes it at the same moment
            }
        }
    }

    /// <summary>The app's config with the model layer after its own, a history entry for it, the commit's time and the OCI labels.</summary>
    internal static byte[] Config(string appConfig, string layerDigest, string pathInImage, DateTimeOffset created, IReadOnlyList<KeyValuePair<string, string>> labels)
    {
        var config = JsonNode.Parse(appConfig)!.AsObject();
        var time = created.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        config["created"] = time;
        var settings = config["config"] as JsonObject ?? (JsonObject)(config["config"] = new JsonObject());
        var existing = settings["Labels"] as JsonObject ?? (JsonObject)(settings["Labels"] = new JsonObject());
        foreach (var (key, value) in labels)
            existing[key] = value;
        config["rootfs"]!["diff_ids"]!.AsArray().Add(layerDigest);
        var history = config["history"] as JsonArray ?? (JsonArray)(config["history"] = new JsonArray());
        history.Add(new JsonObject { ["created"] = time, ["created_by"] = $"COPY model/ {pathInImage}/ (the model layer, written by Pipeline)" });
        return Encoding.UTF8.GetBytes(config.ToJsonString());
    }

    /// <summary>The app's manifest with <paramref name="config"/> and the model layer after the app's layers.</summary>
    internal static byte[] Manifest(string appManifest, (string Digest, long Size) config, (string Digest, long Size) modelLayer)
    {
        var manifest = JsonNode.Parse(appManifest)!.AsObject();
        manifest["config"] = Descriptor(OciMediaTypes.Config, config);
        manifest["layers"]!.AsArray().Add(Descriptor(ModelLayer.MediaType, modelLayer));
        return Encoding.UTF8.GetBytes(manifest.ToJsonString());
    }

    private static JsonObject Descriptor(string mediaType, (string Digest, long Size) blob, JsonObject? annotations = null)
    {
        var descriptor = new JsonObject { ["mediaType"] = mediaType, ["digest"] = blob.Digest, ["size"] = blob.Size };
        if (annotations is not null)
            descriptor["annotations"] = annotations;
        return descriptor;
    }

    private static (string Digest, long Size) Blob(string blobs, byte[] content)
    {
        var digest = SupplyChain.RegistryArtifacts.DigestOf(content);
        File.WriteAllBytes(Path.Combine(blobs, digest["sha256:".Length..]), content);
        return (digest, content.Length);
    }
}
