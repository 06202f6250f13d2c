using LibGit2Sharp;
using LibGit2Sharp.Handlers;
using Pipeline.Components.Deploy;
using Pipeline.Components.Train;

namespace Pipeline.Components.Kubernetes.GitOps;

/// <summary>
/// A fresh repository on one branch of the GitOps repository: its tip fetched and checked out (or the default
/// branch's, or unborn when the repository is empty), with the remote's references as listed once.
/// </summary>
internal sealed class WorkingCopy : IDisposable
{
    private WorkingCopy(Repository repository, string root, string branchRef, IReadOnlySet<string> remoteRefs, CredentialsHandler? credentials)
    {
        Repository = repository;
        Root = root;
        BranchRef = branchRef;
        RemoteRefs = remoteRefs;
        Credentials = credentials;
    }

    public Repository Repository { get; }

    /// <summary>The working tree's folder.</summary>
    public string Root { get; }

    /// <summary>refs/heads/&lt;the branch&gt;.</summary>
    public string BranchRef { get; }

    /// <summary>The remote's reference names when the copy was made.</summary>
    public IReadOnlySet<string> RemoteRefs { get; }

    public CredentialsHandler? Credentials { get; }

    public static WorkingCopy CheckOut(string remote, string branch, string work, CredentialsHandler? credentials)
    {
        Repository.Init(work);
        var repository = new Repository(work);
        repository.Network.Remotes.Add("origin", remote);
        var branchRef = "refs/heads/" + branch;
        var remoteRefs = Repository.ListRemoteReferences(remote, credentials).ToList();
        var names = remoteRefs.Select(reference => reference.CanonicalName).ToHashSet(StringComparer.Ordinal);
        var baseRef = names.Contains(branchRef)
            ? branchRef
            : remoteRefs.FirstOrDefault(reference => reference.CanonicalName == "HEAD") is SymbolicReference { TargetIdentifier: { } head } && names.Contains(head) ? head : null;
        repository.Refs.UpdateTarget("HEAD", branchRef);
        var copy = new WorkingCopy(repository, work, branchRef, names, credentials);
        if (baseRef is null)
            return copy;
        var tip = copy.Fetch(baseRef, "base");
        repository.Refs.Add(branchRef, tip.Id, allowOverwrite: true);
        repository.Reset(ResetMode.Hard, tip);
        return copy;
    }

    /// <summary>Fetches a remote reference into refs/remotes/origin/<paramref name="name"/> and returns its commit.</summary>
    public Commit Fetch(string remoteRef, string name)
    {
        Commands.Fetch(Repository, "origin", [$"+{remoteRef}:refs/remotes/origin/{name}"], new FetchOptions { CredentialsProvider = Credentials }, null);
        return Repository.Lookup<Commit>($"refs/remotes/origin/{name}");
    }

    /// <summary>
    /// Makes <paramref name="folder"/> hold exactly these YAML files (others removed: a manifest deleted from kubernetes/
    /// leaves the cluster too; other files stay) and stages it; false when that changes nothing against the tip.
    /// </summary>
    public bool Stage(string folder, IReadOnlyDictionary<string, string> files)
    {
        var full = Directory.CreateDirectory(Path.Combine(Root, folder)).FullName;
        foreach (var stale in Directory.EnumerateFiles(full).Where(file => Path.GetExtension(file) is ".yaml" or ".yml" && !files.ContainsKey(Path.GetFileName(file))))
            File.Delete(stale);
        foreach (var (name, content) in files)
            File.WriteAllText(Path.Combine(full, name), content);
        Commands.Stage(Repository, "*");
        return Repository.Diff.Compare<TreeChanges>(Repository.Head.Tip?.Tree, DiffTargets.Index).Count > 0;
    }

    public void Dispose() => Repository.Dispose();
}
