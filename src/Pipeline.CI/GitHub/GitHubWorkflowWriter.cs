using Pipeline.CI.Yaml;

namespace Pipeline.CI.GitHub;

/// <summary>Serialises a <see cref="GitHubWorkflow"/> to YAML with GitHub's key names in a fixed, readable order.</summary>
internal static class GitHubWorkflowWriter
{
    /// <summary>The file content, header included.</summary>
    public static string Write(GitHubWorkflow workflow)
    {
        var on = new YamlMap()
            .Add("pull_request", new YamlMap().Add("branches", workflow.PullRequestBranches))
            .Add("push", new YamlMap().Add("branches", workflow.PushBranches));
        if (workflow.WorkflowDispatch)
            on.AddEmpty("workflow_dispatch");

        var jobs = new YamlMap();
        foreach (var job in workflow.Jobs)
            jobs.Add(job.Id, Job(job));

        return PinnedActions.WithVersionComments(new YamlMap()
            .Add("name", workflow.Name)
            .Add("on", on)
            .Add("permissions", workflow.Permissions)
            .Add("concurrency", workflow.ConcurrencyGroup is null ? null : new YamlMap().Add("group", workflow.ConcurrencyGroup).Add("cancel-in-progress", workflow.CancelInProgress))
            .Add("env", workflow.Env)
            .Add("jobs", jobs)
            .ToFile(GeneratedHeader.Text));
    }

    private static YamlMap Job(GitHubJob job) => new YamlMap()
        .Add("name", job.Name)
        .Add("needs", job.Needs)
        .Add("if", job.If)
        .Add("runs-on", job.RunsOn)
        .Add("timeout-minutes", job.TimeoutMinutes)
        .Add("permissions", job.Permissions)
        .Add("environment", job.Environment)
        .Add("concurrency", job.ConcurrencyGroup is null ? null : new YamlMap().Add("group", job.ConcurrencyGroup).Add("cancel-in-progress", false))
        .Add("env", job.Env)
        .Add("services", Services(job.Services))
        .Add("steps", job.Steps.Select(Step));

    private static YamlMap Services(IReadOnlyDictionary<string, string> services)
    {
        var map = new YamlMap();
        foreach (var (name, image) in services.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            map.Add(name, new YamlMap().Add("image", image));
        return map;
    }

    private static YamlMap Step(GitHubStep step) => new YamlMap()
        .Add("name", step.Name)
        .Add("id", step.Id)
        .Add("uses", step.Uses)
        .Add("with", step.With)
        .Add("run", step.Run)
        .Add("env", step.Env);
}
