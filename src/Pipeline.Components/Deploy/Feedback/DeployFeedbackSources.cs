using Pipeline.Components.CodeHost;

namespace Pipeline.Components.Deploy.Feedback;

/// <summary>
/// Which listeners this run has, from the CI environment and the parameters: the environment URL file always; a
/// GitHub deployment in Actions with a token; the reply on the merged pull/merge request on a push to main; Slack
/// and Teams when their webhook is set.
/// </summary>
internal static class DeployFeedbackSources
{
    /// <summary>Runs <paramref name="deploy"/> with the listeners of this run told before and after.</summary>
    public static async Task<DeployResult> RunAsync(IDeploy build, PushedImage image, Func<Task<DeployResult>> deploy, CancellationToken cancellationToken, string? acceptedWorse = null)
    {
        var listeners = Detect(build, build.EnvironmentVariable);
        var news = await NewsAsync(build, image, talksToPeople: listeners.Count > 1, cancellationToken) with { AcceptedWorse = acceptedWorse };
        return await new DeployFeedback(listeners, build.Log).AroundAsync(news, deploy,
            result => result.Endpoint is { } endpoint && !endpoint.Contains(".svc", StringComparison.Ordinal) ? $"http://{endpoint}/" : null, cancellationToken);
    }

    /// <summary>The news before the deploy; metrics and the full commit only when someone is told (each costs a git call).</summary>
    public static async Task<DeployNews> NewsAsync(IDeploy build, PushedImage image, bool talksToPeople, CancellationToken cancellationToken)
    {
        var environment = build.Stage?.Name ?? build.EnvironmentName ?? (build.Where == DeployEnvironment.Local ? "local" : build.DeploySettings.Namespace);
        if (!talksToPeople)
            return new DeployNews(environment, image.Revision, image.Revision, image.Reference, null, []);
        var commit = Commit(build.EnvironmentVariable) ?? (await Containers.SourceRevision.OfAsync(build.RootDirectory, cancellationToken)).Sha;
        var metrics = await HeadlineMetrics.ReadAsync(build.RootDirectory, build.TrainSettings.MetricsFile, "HEAD~1", build.DeploySettings.HeadlineMetrics, cancellationToken);
        return new DeployNews(environment, commit, image.Revision, image.Reference, RunUrl(build.EnvironmentVariable), metrics);
    }

    /// <summary>The listeners of this run.</summary>
    public static IReadOnlyList<IDeployListener> Detect(IDeploy build, Func<string, string?> environment)
    {
        var listeners = new List<IDeployListener> { new EnvironmentUrlFile(build.RootDirectory / build.DeploySettings.EnvironmentFile) };
        if (environment("GITHUB_ACTIONS") == "true" && environment("GITHUB_REPOSITORY") is { } fullName && fullName.Split('/') is [var owner, var name])
        {
            if (build.GithubToken is { Length: > 0 } token)
            {
                var client = GitHubCommentPublisher.Client(CiEnvironment.GitHubApi(environment), token);
                listeners.Add(new GitHubDeployments(client, owner, name, RunUrl(environment)));
                if (environment("GITHUB_EVENT_NAME") == "push")
                    listeners.Add(new MergedPullRequestReply(client, owner, name));
            }
            else
                build.Log.Info("No GITHUB_TOKEN: no GitHub deployment status (pass env GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }} to the Deploy job).");
        }

        // not GITLAB_CI: gitlab-ci-local sets it to false, and the project id and commit are what the lookup needs
        if (environment("CI_PROJECT_ID") is { Length: > 0 } project && environment("CI_COMMIT_SHA") is { Length: > 0 } && environment("CI_MERGE_REQUEST_IID") is null or "")
        {
            if (build.GitlabToken is { Length: > 0 } token)
                listeners.Add(new MergedMergeRequestReply(SharedHttp.GitLab, CiEnvironment.GitLabApi(environment), project, token));
            else
                build.Log.Info("No GITLAB_TOKEN: the merged merge request is not told about this deploy (add a masked CI/CD variable GITLAB_TOKEN with the api scope).");
        }

        if (build.SlackWebhook is { Length: > 0 } slack)
            listeners.Add(new WebhookNotifier(SharedHttp.Webhooks, Webhook(slack, "--slack-webhook"), new SlackMessage()));
        if (build.TeamsWebhook is { Length: > 0 } teams)
            listeners.Add(new WebhookNotifier(SharedHttp.Webhooks, Webhook(teams, "--teams-webhook"), new TeamsMessage()));
        return listeners;
    }

    /// <summary>The CI run or job this deploy is part of.</summary>
    public static string? RunUrl(Func<string, string?> environment) =>
        environment("GITHUB_ACTIONS") == "true" && environment("GITHUB_RUN_ID") is not null
            ? CiEnvironment.GitHubRun(environment, environment("GITHUB_REPOSITORY"))
            : environment("CI_JOB_URL") ?? environment("CI_PIPELINE_URL");

    /// <summary>The commit the CI run is for (the checkout's HEAD locally).</summary>
    public static string? Commit(Func<string, string?> environment) => environment("GITHUB_SHA") ?? environment("CI_COMMIT_SHA");

    private static Uri Webhook(string value, string parameter) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || System.Net.IPAddress.TryParse(uri.Host, out var address) && System.Net.IPAddress.IsLoopback(address))
            ? uri
            : throw new Build.TargetFailedException($"{parameter} is not an https:// URL (plain http only to 127.0.0.1): paste the incoming webhook URL the chat service gave.");
}
