using Pipeline.Components.Containers;

partial class Build
{
    /// <summary>The serving image is rebuilt when the model library it references changes too.</summary>
    ContainerSettings IContainerize.ConfigureContainer(ContainerSettings settings) => settings with
    {
        ExtraInputs = ["src/Model/**/*.cs", "src/Model/Model.csproj"],
    };
}
