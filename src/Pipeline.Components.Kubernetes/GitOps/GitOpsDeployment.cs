using LibGit2Sharp;
using Pipeline.Build;
using Pipeline.Components.Containers;
using YamlDotNet.RepresentationModel;
using Pipeline.Components.Deploy;
using Pipeline.Components.Deploy.Gating;
using Pipeline.Components.Train;

namespace Pipeline.Components.Kubernetes.GitOps;

/// <summary>
/// Deploy's GitOps path: the digest-pinned manifests committed to the configuration repository (Argo CD or Flux
/// applies them); the build never talks to the cluster. Unchanged manifests make no commit.
/// </summary>
internal static class GitOpsDeployment
{
    /// <summary>Returns null for a dry run.</summary>
    public static async Task<DeployResult?> RunAsync(IKubernetesDeploy build, IReadOnlyList<YamlMappingNode> rendered, DeployRecord record, CancellationToken cancellationToken)
    {
        var target = Target(build, build.DeploySettings);
        var source = await SourceRevision.OfAsync(build.RootDirectory, cancellationToken);
        var message = CommitMessage(PushedImage.Of(record.Image, record.Revision), source.Sha, Headline(record), record);
        var publisher = new GitOpsPublisher(build.RootDirectory / BuildLayout.TemporaryDirectory / "gitops", build.Log);
        var where = $"{target.Display} ({target.Branch}: {target.Folder}/)";
        var files = GitOpsLayout.Files(rendered);
        var author = Author(build);
        if ((build.DeploySettings.GitOpsPullRequest ?? build.GitOpsSettings.PullRequest) && !build.DryRun)
            return await ProposeAsync(build, target, publisher, files, message, author, where, record, cancellationToken);
        var result = await publisher.PublishAsync(target, files, message, author, build.DryRun, cancellationToken);
        if (build.DryRun)
        {
            build.Log.Info(result.Changed ? $"Dry run, nothing committed. Would change {where}:\n{result.Diff}" : $"Dry run: {where} already holds these manifests.");
            return null;
        }

        build.Log.Info(result.Changed
            ? $"GitOps: committed {result.Commit![..12]} to {where}; Argo CD or Flux applies it from there."
            : $"GitOps: {where} already holds these manifests: unchanged, nothing committed.");
        if (build.GitOpsSettings.Wait is { Length: > 0 } wait && result.Commit is { } commit)
            await WaitAsync(build, GitOpsWatch.Parse(wait), commit, result.Changed, rendered, () => publisher.RevertAsync(target, commit, author, cancellationToken), cancellationToken);
        return new DeployResult(result.Changed ? DeployOutcome.Deployed : DeployOutcome.Unchanged, Endpoint: null);
    }

    /// <summary>
    /// The change as a pull/merge request from pipeline/deploy-&lt;folder&gt; into the branch: opened once, then kept up to
    /// date by later deploys; nothing written when the branch or the open request already holds these manifests.
    /// </summary>
    /// <summary>What the GitOps folder of <paramref name="settings"/> holds: the record in the newest commit that changed it; null when that commit carries none (written by hand, or a revert).</summary>
    public static async Task<DeployRecord?> ReadRecordAsync(IKubernetesDeploy build, DeploySettings settings, CancellationToken cancellationToken)
    {
        var message = await new GitOpsPublisher(build.RootDirectory / BuildLayout.TemporaryDirectory / "gitops", build.Log).LastMessageAsync(Target(build, settings), cancellationToken);
        var line = message?.Split('\n').FirstOrDefault(text => text.StartsWith(RecordTrailer, StringComparison.Ordinal));
        return line is null ? null : DeployRecord.FromJson(line[RecordTrailer.Length..]);
    }

    /// <summary>The commit-message trailer that carries the deploy record.</summary>
    internal const string RecordTrailer = "Pipeline-Deploy-Record: ";

    /// <summary>The repository, branch and folder <paramref name="settings"/> deploy to: the settings' own, else the parameters'.</summary>
    private static GitOpsTarget Target(IKubernetesDeploy build, DeploySettings settings) => new(
        settings.GitOpsRepository ?? build.GitOpsSettings.Repository ?? throw new GitOpsException("--environment gitops needs --gitops-repository (or DeploySettings.GitOpsRepository): the HTTPS URL of the configuration repository Argo CD or Flux watches (or the path of a bare repository)."),
        settings.GitOpsBranch ?? build.GitOpsSettings.Branch,
        settings.GitOpsPath ?? build.GitOpsSettings.Path ?? $"deploy/{settings.Namespace}",
        build.GitOpsSettings.Username,
        build.GitOpsSettings.Token);

    private static async Task<DeployResult> ProposeAsync(IKubernetesDeploy build, GitOpsTarget target, GitOpsPublisher publisher, IReadOnlyDictionary<string, string> files, string message, Signature author, string where, DeployRecord record, CancellationToken cancellationToken)
    {
        var requests = ChangeRequestHost.For(build.GitOpsSettings, target);
        var head = "pipeline/deploy-" + string.Join('-', target.Folder.Split('/', StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();
        var result = await publisher.ProposeAsync(target, head, files, message, author, cancellationToken);
        if (!result.Changed)
        {
            build.Log.Info($"GitOps: {where} already holds these manifests: unchanged, nothing proposed.");
            return new DeployResult(DeployOutcome.Unchanged, Endpoint: null);
        }

        var title = message.Split('\n')[0];
        var description = await DescriptionAsync(build, message, record, cancellationToken);
        var open = await requests.FindOpenAsync(head, target.Branch, cancellationToken);
        if (open is not null && !result.Pushed)
        {
            build.Log.Info($"GitOps: {open.Url} already proposes these manifests: unchanged, nothing written.");
            return new DeployResult(DeployOutcome.Unchanged, Endpoint: null);
        }

        var request = open is null
            ? await requests.OpenAsync(head, target.Branch, title, description, cancellationToken)
            : await requests.UpdateAsync(open, title, description, cancellationToken);
        build.Log.Info($"GitOps: {(open is null ? "opened" : "updated")} {request.Url} ({head} into {target.Branch}); Argo CD or Flux applies it once it is merged.");
        if (build.GitOpsSettings.Wait is { Length: > 0 })
            build.Log.Info("--gitops-wait applies to direct commits: the proposal is applied when someone merges it, not now.");
        return new DeployResult(DeployOutcome.Deployed, Endpoint: null);
    }

    /// <summary>The commit message (without the record's trailer), the deploy gate's table, then the report (params and metrics against the baseline) when Report wrote one.</summary>
    private static async Task<string> DescriptionAsync(IKubernetesDeploy build, string message, DeployRecord record, CancellationToken cancellationToken)
    {
        var description = string.Join('\n', message.Split('\n').Where(line => !line.StartsWith(RecordTrailer, StringComparison.Ordinal))).TrimEnd() + "\n";
        if (record.Verdict is { } verdict)
            description += $"\n### Deploy gate\n\n{(record.AcceptedWorse is { } reason ? $"Refused, deployed anyway: {reason}\n\n" : "")}```\n{verdict}\n```\n";
        var report = build.RootDirectory / BuildLayout.ArtifactsDirectory / "report" / "report.md";
        if (!File.Exists(report))
            return description;
        var lines = (await File.ReadAllLinesAsync(report, cancellationToken)).Where(line => !line.TrimStart().StartsWith("![", StringComparison.Ordinal)); // its plots are files of this run, not of the repository
        return $"{description}\n---\n\n{string.Join('\n', lines)}\n";
    }

    /// <summary>Waits for the controller; a commit of ours that fails there is reverted by a commit (unless --no-rollback).</summary>
    private static async Task WaitAsync(IKubernetesDeploy build, GitOpsWatch watch, string commit, bool ours, IReadOnlyList<YamlMappingNode> rendered, Func<Task<GitOpsResult>> revert, CancellationToken cancellationToken)
    {
        using var client = await ClusterDeployment.ClientAsync(build, build.DeploySettings, cancellationToken);
        var deployments = rendered.Where(document => ManifestRenderer.Scalar(document, "kind") == "Deployment")
            .Select(document => ManifestRenderer.Scalar((YamlMappingNode)ManifestRenderer.Child(document, "metadata")!, "name")!).ToList();
        try
        {
            await new GitOpsWaiter(client, build.Log, build.DeploySettings.PollInterval).WaitAsync(watch, commit, deployments, build.DeploySettings, cancellationToken);
        }
        catch (GitOpsWaitException failure) when (ours && !failure.TimedOut && build.ClusterSettings.Rollback)
        {
            var reverted = await revert();
            throw new DeploymentFailedException(DeployOutcome.RolledBack, reverted.Changed
                ? $"{failure.Message}\nRolled back the GitOps way: reverted {commit[..12]} with {reverted.Commit![..12]}; {watch} applies the previous manifests again."
                : $"{failure.Message}\nNot reverted: {commit[..12]} is no longer on the branch.");
        }
        catch (GitOpsWaitException failure)
        {
            throw new DeploymentFailedException(DeployOutcome.Failed, failure.Message + (failure.TimedOut ? " Nothing was reverted: the controller may not have seen the commit yet." : ""));
        }
    }

    /// <summary>First line: image and the revision it was built from; then the full image, the source commit and the headline metrics.</summary>
    internal static string CommitMessage(PushedImage image, string sourceCommit, string? metrics, DeployRecord? record = null) =>
        $"""
         Deploy {image.ShortReference} (built from {image.Revision})

         Image: {image.Reference}
         Source commit: {sourceCommit}
         {(metrics is null ? "" : $"Metrics: {metrics}\n")}Written by Pipeline's Deploy (--environment gitops).
         {(record is null ? "" : $"\n{RecordTrailer}{(record with { Verdict = null }).ToJson()}\n")}
         """;

    /// <summary>The record's top-level metrics ("accuracy 0.95, macroF1 0.948718"), at most four, or null without any.</summary>
    private static string? Headline(DeployRecord record) =>
        record.TopLevelMetrics.Take(4).ToList() is { Count: > 0 } metrics
            ? string.Join(", ", metrics.Select(metric => $"{metric.Key} {metric.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}"))
            : null;

    /// <summary>The commit's author: git's own environment variables when set (CI sets them to the pipeline's user), else Pipeline.</summary>
    private static Signature Author(IKubernetesDeploy build) =>
        new(build.EnvironmentVariable("GIT_AUTHOR_NAME") is { Length: > 0 } name ? name : "Pipeline",
            build.EnvironmentVariable("GIT_AUTHOR_EMAIL") is { Length: > 0 } email ? email : "pipeline@localhost",
            DateTimeOffset.UtcNow);
}
