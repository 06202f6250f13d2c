using LibGit2Sharp;
using Pipeline.Build;
using Pipeline.Components.Deploy;
using Pipeline.Tests.Shared;
using Pipeline.Components.Kubernetes;

namespace Pipeline.Components.Tests.Deploy;

/// <summary>A sandbox with what Deploy reads (manifests, the pushed image's records, metrics) and an empty bare configuration repository.</summary>
internal static class GitOpsSandbox
{
    public const string Digest = "sha256:89a214583d982e6c88a414421bfe3c807b33e9fe67b21486a32bd09a785ce7cf";

    /// <summary>What an environment runs in the gate's tests: accuracy 0.97, deployed by alice@laptop on 2026-12-01.</summary>
    public static readonly Pipeline.Components.Deploy.Gating.DeployRecord Champion = new(
        "127.0.0.1:5000/pipeline/model-serving@sha256:1111111111111111111111111111111111111111111111111111111111111111", "0123456789abcdef0123",
        new Dictionary<string, double> { ["accuracy"] = 0.97 }, DateTimeOffset.Parse("2026-12-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture), "alice@laptop");

    public static void Prepare(BuildSandbox sandbox)
    {
        Repository.Init(sandbox.PathOf("config.git"), isBare: true);
        sandbox.Write("kubernetes/deployment.yaml", """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: model-serving
            spec:
              selector:
                matchLabels:
                  app: model-serving
              template:
                metadata:
                  labels:
                    app: model-serving
                spec:
                  containers:
                    - name: model-serving
                      image: model-serving:placeholder
            """);
        sandbox.Write("kubernetes/service.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: model-serving\nspec:\n  selector:\n    app: model-serving\n  ports:\n    - port: 80\n");
        sandbox.Write("artifacts/image-digest.txt", $"{Digest}\nsha256:209d83e94c4d\n");
        sandbox.Write("artifacts/image.json", """{ "image": "127.0.0.1:5000/pipeline/model-serving", "tags": ["latest", "ff1c956255e1"], "revision": "ff1c956255e1c3ed8e5475097f17b0d09224bd5c", "imageId": "sha256:209d83e94c4d" }""");
        sandbox.Write("artifacts/metrics.json", """{ "accuracy": 0.95, "macroF1": 0.948718, "trainRows": 110, "classes": { "setosa": { "f1": 1 } } }""");
    }

    /// <summary>Deploy alone, in GitOps mode, to the production branch's deploy/prod folder.</summary>
    public static Task<BuildRun> DeployAsync(BuildSandbox sandbox, IEnumerable<string> extra) => sandbox.RunAsync(new GitOpsBuild(),
        ["Deploy", "--skip", "--environment", "gitops", "--gitops-repository", sandbox.PathOf("config.git"), "--gitops-branch", "production", "--namespace", "prod", .. extra]);

    /// <summary>A GitOps build that asks the controller every 50 ms (the fake answers at once).</summary>
    public sealed class GitOpsBuild : PipelineBuild, IKubernetesDeploy
    {
        DeploySettings IDeploy.ConfigureDeploy(DeploySettings settings) => settings with { PollInterval = TimeSpan.FromMilliseconds(50) };
    }
}
