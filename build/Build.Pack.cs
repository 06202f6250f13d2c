using Pipeline.Components.Packaging;

partial class Build
{
    /// <summary>The packages other repositories reference: the engine, CI generation, the components, and the dotnet new template.</summary>
    PackSettings IPack.ConfigurePack(PackSettings settings) => settings with
    {
        Projects =
        [
            "src/Pipeline.Build/Pipeline.Build.csproj",
            "src/Pipeline.CI/Pipeline.CI.csproj",
            "src/Pipeline.Components/Pipeline.Components.csproj",
            "src/Pipeline.Components.Report/Pipeline.Components.Report.csproj",
            "src/Pipeline.Components.Kubernetes/Pipeline.Components.Kubernetes.csproj",
            "src/Pipeline.Templates/Pipeline.Templates.csproj",
        ],
    };
}
