using System.Security.Cryptography;
using System.Text;
using Pipeline.Build;
using Pipeline.CI.Declaration;
using Pipeline.Components.CI;
using Pipeline.Components.Storage;

/// <summary>
/// A test fixture: a user's build with the seed workflow's shape (Restore → Train → Report on merge requests;
/// Train → Containerize → Push → Deploy on main), whose targets do small local work on files so that running
/// the generated .gitlab-ci.yml with gitlab-ci-local shows the job order, the artifacts flowing and the shared artifact store.
/// </summary>
class Build : PipelineBuild, IGenerateCI, IArtifactStorage
{
    public static int Main() => Execute<Build>();

    internal Target Restore => _ => _.Executes(() => Log.Info("restore: nothing to restore in the fixture"));

    internal Target Train => _ => _
        .DependsOn(Restore)
        .Inputs("params.txt")
        .Outputs("artifacts/model.txt")
        .Executes(() => Write("artifacts/model.txt", "model trained with " + Read("params.txt")));

    internal Target Report => _ => _
        .DependsOn(Train)
        .Outputs("artifacts/report.md")
        .Executes(() => Write("artifacts/report.md", "report on " + Read("artifacts/model.txt")));

    internal Target Containerize => _ => _
        .DependsOn(Train)
        .Outputs("artifacts/image.txt")
        .Executes(() => Write("artifacts/image.txt", "image containing " + Read("artifacts/model.txt")));

    internal Target Push => _ => _
        .DependsOn(Containerize)
        .Outputs("artifacts/digest.txt")
        .Executes(() => Write("artifacts/digest.txt", "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Read("artifacts/image.txt"))))));

    internal Target Deploy => _ => _
        .DependsOn(Push)
        .Executes(() => Log.Info("deployed " + Read("artifacts/digest.txt")));

    CiPipeline IGenerateCI.ConfigureCI(CiPipeline pipeline) => pipeline
        .WithArtifactStore(new CiArtifactStore())
        .Job<Build>(x => x.Train)
        .Job<Build>(x => x.Report, job => job with { Condition = CiCondition.PullRequest })
        .Job<Build>(x => x.Containerize, job => job with { Condition = CiCondition.MainBranch })
        .Job<Build>(x => x.Push, job => job with { Condition = CiCondition.MainBranch })
        .Job<Build>(x => x.Deploy, job => job with { Condition = CiCondition.MainBranch, Environment = "production" });

    string Read(string path) => File.Exists(RootDirectory / path)
        ? File.ReadAllText(RootDirectory / path).Trim()
        : throw new TargetFailedException($"{path} is missing: the artifact of an earlier job did not arrive.");

    void Write(string path, string content)
    {
        Directory.CreateDirectory((RootDirectory / path).Parent!);
        File.WriteAllText(RootDirectory / path, content + "\n");
        Log.Info($"wrote {path}: {content}");
    }
}
