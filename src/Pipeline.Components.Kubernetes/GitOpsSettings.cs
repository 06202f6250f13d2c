namespace Pipeline.Components.Kubernetes;

/// <summary>
/// Where and how <c>--environment gitops</c> commits: from the <c>--gitops-*</c> parameters, changed in
/// <see cref="IKubernetesDeploy.ConfigureGitOps"/>. A declared environment's own <c>DeploySettings.GitOps*</c> win over these.
/// </summary>
public sealed record GitOpsSettings
{
    /// <summary>The configuration repository: an HTTPS URL, or the path of a bare repository.</summary>
    public string? Repository { get; init; }

    /// <summary>The branch to commit to (created from the default branch when missing).</summary>
    public string Branch { get; init; } = "main";

    /// <summary>The folder for these manifests (null: <c>deploy/&lt;namespace&gt;</c>).</summary>
    public string? Path { get; init; }

    /// <summary>The user name sent with <see cref="Token"/> over HTTPS.</summary>
    public string Username { get; init; } = "x-access-token";

    /// <summary>A token with write access to the repository (a secret: masked in all output).</summary>
    public string? Token { get; init; }

    /// <summary>Whether the change goes through a pull/merge request instead of a push to <see cref="Branch"/>.</summary>
    public bool PullRequest { get; init; }

    /// <summary><c>github</c> or <c>gitlab</c>: where the request is opened (null: from the repository's URL).</summary>
    public string? Host { get; init; }

    /// <summary>The code host's API address (null: https://api.github.com/, or https://&lt;host&gt;/api/v4).</summary>
    public string? ApiUrl { get; init; }

    /// <summary><c>owner/repository</c> or <c>group/project</c> of the repository (null: from its URL).</summary>
    public string? Project { get; init; }

    /// <summary>The controller to wait for after a commit: <c>argocd:NAMESPACE/NAME</c> or <c>flux:NAMESPACE/NAME</c> (null: none).</summary>
    public string? Wait { get; init; }

    /// <summary>The settings with the token masked, so that logging them never prints it.</summary>
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append($"Repository = {Repository}, Branch = {Branch}, Path = {Path}, Username = {Username}, Token = {(Token is null ? "" : "***")}, ");
        builder.Append($"PullRequest = {PullRequest}, Host = {Host}, ApiUrl = {ApiUrl}, Project = {Project}, Wait = {Wait}");
        return true;
    }
}
