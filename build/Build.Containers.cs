using Pipeline.Components.Containers;

partial class Build
{
    /// <summary>The sample service, under this repository's image name; rebuilt when the model library it references changes too.</summary>
    ContainerSettings IContainerize.ConfigureContainer(ContainerSettings settings) => settings with
    {
        Project = "src/Model.Serving/Model.Serving.csproj",
        EntryAssembly = "Model.Serving.dll",
        ImageRepository = ((IContainerize)this).ImageRepository ?? "pipeline/model-serving", // --image-repository still wins
        ExtraInputs = ["src/Model/**/*.cs", "src/Model/Model.csproj"],
    };
}
