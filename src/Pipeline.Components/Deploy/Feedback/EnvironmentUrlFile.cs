using Pipeline.Build.IO;

namespace Pipeline.Components.Deploy.Feedback;

/// <summary>
/// A dotenv file with <c>PIPELINE_ENVIRONMENT_URL=http://…/</c> after a good deploy: GitLab reads it as the job's
/// <c>artifacts:reports:dotenv</c> and shows the URL on the environment page (<c>environment:url</c>).
/// </summary>
internal sealed class EnvironmentUrlFile(string path) : IDeployListener
{
    /// <summary>The variable the generated GitLab job's <c>environment:url</c> reads.</summary>
    public const string Variable = Pipeline.CI.Declaration.CiJob.EnvironmentUrlVariable;

    /// <inheritdoc />
    public string Name => "environment URL file";

    /// <inheritdoc />
    public Task StartedAsync(DeployNews news, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task FinishedAsync(DeployNews news, CancellationToken cancellationToken)
    {
        if (news.Succeeded && news.EndpointUrl is { } url)
        {
            var content = $"{Variable}={url}\n";
            if (!File.Exists(path) || File.ReadAllText(path) != content)
                AtomicFile.WriteAllText(path, content); // the same URL again writes nothing: an unchanged deploy leaves artifacts/ as it was
        }
        else
        {
            File.Delete(path); // a failed deploy must not leave the last one's URL behind
        }

        return Task.CompletedTask;
    }
}
