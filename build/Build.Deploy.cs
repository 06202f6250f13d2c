using Pipeline.Components.Deploy;
using Pipeline.Components.Deploy.Gating;

partial class Build
{
    /// <summary>The smoke test posts one flower to the iris service.</summary>
    DeploySettings IDeploy.ConfigureDeploy(DeploySettings settings) => settings with
    {
        SmokeBody = """{"sepalLength":6.7,"sepalWidth":3.0,"petalLength":5.2,"petalWidth":2.3}""",
    };

    /// <summary>
    /// Two environments, where --environment points: locally two ports (test on --local-port, production on the next),
    /// on a cluster two namespaces (test in --namespace, production in production). Production takes only a model that
    /// is at least 90 % accurate and at most half a point worse than the one it runs; ./build.sh Promote
    /// --promote-from test --environment-name production moves what runs in test there by digest.
    /// </summary>
    IReadOnlyList<DeployStage> IDeploy.Stages =>
    [
        new("test"),
        new("production")
        {
            Settings = settings => settings with
            {
                LocalPort = settings.LocalPort + 1,
                Namespace = "production",
                Gate = [GateRule.Higher("accuracy") with { Floor = 0.9, MaxRegression = 0.005 }],
            },
        },
    ];
}
