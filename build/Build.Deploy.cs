using Pipeline.Components.Deploy;

partial class Build
{
    /// <summary>The smoke test posts one flower to the iris service.</summary>
    DeploySettings IDeploy.ConfigureDeploy(DeploySettings settings) => settings with
    {
        SmokeBody = """{"sepalLength":6.7,"sepalWidth":3.0,"petalLength":5.2,"petalWidth":2.3}""",
    };
}
