using Pipeline.Components.Deploy;
using Pipeline.Components.Train;

namespace Pipeline.Components.Kubernetes.GitOps;

/// <summary>Where Deploy commits in GitOps mode: the configuration repository (URL or path), its branch and folder, and how to sign in.</summary>
/// <param name="Repository">HTTPS URL or local path (a bare repository) of the configuration repository; never with a password in it.</param>
/// <param name="Branch">The environment branch the controller watches.</param>
/// <param name="Folder">The folder (relative, forward slashes) the manifests go to; its YAML files are Pipeline's.</param>
/// <param name="Username">User name sent with the token over HTTPS.</param>
/// <param name="Token">Token or password with write access; null for a local path or a repository that needs none.</param>
internal sealed record GitOpsTarget(string Repository, string Branch, string Folder, string Username, string? Token)
{
    /// <summary>The repository as it may be shown: without any user information of a URL.</summary>
    public string Display => Uri.TryCreate(Repository, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.UserInfo.Length > 0
        ? new UriBuilder(uri) { UserName = "", Password = "" }.Uri.ToString()
        : Repository;

    /// <summary>Refuses settings that would leak or break: a password inside the URL, a folder leaving the repository.</summary>
    public void ThrowIfInvalid()
    {
        if (Uri.TryCreate(Repository, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.UserInfo.Contains(':', StringComparison.Ordinal))
            throw new GitOpsException($"--gitops-repository {Display} carries a password in its URL: give the token with --gitops-token or GITOPS_TOKEN instead (it is then never written to a log or a file).");
        if (Uri.TryCreate(Repository, UriKind.Absolute, out uri) && uri.Scheme == "http" && !uri.IsLoopback)
            throw new GitOpsException($"--gitops-repository {Display} is plain HTTP: the token would travel in clear. Use the https:// URL (plain HTTP is only for 127.0.0.1).");
        if (!Repository.Contains("://", StringComparison.Ordinal) && !Directory.Exists(Repository))
            throw new GitOpsException($"--gitops-repository {Repository}: no repository there. Create one with git init --bare {Repository}, or give the HTTPS URL of the configuration repository.");
        var segments = Folder.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (Path.IsPathRooted(Folder) || segments.Length == 0 || segments.Any(segment => segment is "." or ".." or ".git"))
            throw new GitOpsException($"--gitops-path '{Folder}' must be a folder inside the configuration repository, such as deploy/production.");
    }
}
