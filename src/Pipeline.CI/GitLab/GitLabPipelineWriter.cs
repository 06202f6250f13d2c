using Pipeline.CI.Yaml;

namespace Pipeline.CI.GitLab;

/// <summary>Serialises a <see cref="GitLabPipeline"/> to YAML with GitLab's key names in a fixed, readable order.</summary>
internal static class GitLabPipelineWriter
{
    /// <summary>The file content, header included.</summary>
    public static string Write(GitLabPipeline pipeline)
    {
        var file = new YamlMap()
            .Add("workflow", new YamlMap().Add("rules", pipeline.WorkflowRulesIf.Select(rule => new YamlMap().Add("if", rule))))
            .Add("stages", pipeline.Stages)
            .Add("default", new YamlMap()
                .Add("image", pipeline.Image)
                .Add("cache", new YamlMap()
                    .Add("key", pipeline.CacheKeyFiles.Count == 0 ? null : new YamlMap().Add("files", pipeline.CacheKeyFiles))
                    .Add("paths", pipeline.CachePaths)))
            .Add("variables", pipeline.Variables);
        foreach (var job in pipeline.Jobs)
            file.Add(job.Id, Job(job));
        return file.ToFile(GeneratedHeader.Text);
    }

    private static YamlMap Job(GitLabJob job) => new YamlMap()
        .Add("stage", job.Stage)
        .Add("image", job.Image)
        .Add("services", job.Services.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(service => new YamlMap().Add("name", service.Value).Add("alias", service.Key)))
        .Add("needs", job.Needs.Select(need => new YamlMap().Add("job", need.Job).Add("artifacts", need.Artifacts)))
        .Add("rules", job.RulesIf.Select(rule => new YamlMap().Add("if", rule).Add("when", job.Manual ? "manual" : null)))
        .Add("when", job.Manual && job.RulesIf.Count == 0 ? "manual" : null)
        .Add("variables", job.Variables)
        .Add("id_tokens", job.IdTokens.Count == 0 ? null : job.IdTokens.Aggregate(new YamlMap(), (map, token) => map.Add(token.Key, token.Value.Count == 1 ? new YamlMap().Add("aud", token.Value[0]) : new YamlMap().Add("aud", token.Value))))
        .Add("before_script", job.BeforeScript)
        .Add("script", job.Script)
        .Add("artifacts", job.ArtifactPaths.Count == 0 && job.DotenvReport is null ? null : new YamlMap()
            .Add("paths", job.ArtifactPaths)
            .Add("reports", job.DotenvReport is null ? null : new YamlMap().Add("dotenv", job.DotenvReport))
            .Add("expire_in", "1 week"))
        .Add("environment", job.Environment is null ? null : new YamlMap().Add("name", job.Environment).Add("url", job.EnvironmentUrl))
        .Add("resource_group", job.ResourceGroup);
}
