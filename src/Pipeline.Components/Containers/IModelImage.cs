using Pipeline.Build;

namespace Pipeline.Components.Containers;

/// <summary>
/// ModelCar: the model as its own small OCI image, <c>&lt;repository&gt;-model</c>, beside the serving image — the model
/// files under <c>/models</c> on a busybox base built offline, the same tags and labels. KServe mounts it with
/// <c>storageUri: oci://…@sha256:…</c>, which Deploy pins in an InferenceService manifest; a model-only change pushes
/// one new layer and never rebuilds the server image.
/// </summary>
public interface IModelImage : IPush
{
    /// <summary>Builds and pushes the model image.</summary>
    Target PushModelImage => _ => _
        .Description("Build the model as its own OCI image (ModelCar: the model under /models on busybox, repository <image>-model) and push it with the serving image's tags; records its digest in artifacts/model-image-digest.txt for an InferenceService's storageUri")
        .DependsOn(Train)
        .Executes(async cancellationToken =>
        {
            var settings = ContainerSettings.ForModelImage();
            var tools = await ContainerTools.ForAsync(RootDirectory, settings, Log, cancellationToken);
            await ModelImageBuilder.BuildAsync(RootDirectory, settings, tools, await SourceRevision.OfAsync(RootDirectory, cancellationToken), Log, cancellationToken);
            await ImagePusher.PushAsync(this, settings, tools, cancellationToken);
        });
}
