using LibGit2Sharp;
using LibGit2Sharp.Handlers;
using Pipeline.Build;

namespace Pipeline.Components.Deploy.GitOps;

/// <summary>
/// Writes the rendered manifests to the configuration repository: a fresh working copy of the environment branch
/// (created from the repository's default branch, or as its first commit, when missing), the folder's YAML files
/// replaced, one commit, one push. Nothing is committed when the files are already there (unchanged, zero writes). A
/// push that loses a race with another writer is done again on the new tip. libgit2 verifies TLS certificates; the
/// token goes to it through a credentials callback, never into a URL, a file or the log.
/// </summary>
internal sealed class GitOpsPublisher(string workRoot, IBuildLog log)
{
    private const int Attempts = 3;

    /// <summary>Commits and pushes the files (or, for a dry run, only describes the change).</summary>
    public Task<GitOpsResult> PublishAsync(GitOpsTarget target, IReadOnlyDictionary<string, string> files, string message, Signature author, bool dryRun, CancellationToken cancellationToken) =>
        OnFreshCopyAsync(target, (repository, work, push) =>
        {
            WriteFolder(Path.Combine(work, target.Folder), files);
            Commands.Stage(repository, "*");
            var changes = repository.Diff.Compare<TreeChanges>(repository.Head.Tip?.Tree, DiffTargets.Index);
            if (changes.Count == 0)
                return new GitOpsResult(Changed: false, Commit: repository.Head.Tip?.Sha, Diff: "");
            if (dryRun)
                return new GitOpsResult(Changed: true, Commit: null, Diff: repository.Diff.Compare<Patch>(repository.Head.Tip?.Tree, DiffTargets.Index).Content);
            var commit = repository.Commit(message, author, author);
            return push() ? new GitOpsResult(Changed: true, Commit: commit.Sha, Diff: "") : null;
        }, cancellationToken);

    /// <summary>
    /// Proposes the files instead of pushing them to the branch: one commit on top of the branch, force-pushed to
    /// <paramref name="head"/> (a branch of Pipeline's, one per folder). Unchanged when the branch already holds the
    /// files; not pushed (<see cref="GitOpsResult.Pushed"/> false) when <paramref name="head"/> already proposes them.
    /// </summary>
    public Task<GitOpsResult> ProposeAsync(GitOpsTarget target, string head, IReadOnlyDictionary<string, string> files, string message, Signature author, CancellationToken cancellationToken) =>
        OnFreshCopyAsync(target, (repository, work, _) =>
        {
            WriteFolder(Path.Combine(work, target.Folder), files);
            Commands.Stage(repository, "*");
            if (repository.Diff.Compare<TreeChanges>(repository.Head.Tip?.Tree, DiffTargets.Index).Count == 0)
                return new GitOpsResult(Changed: false, Commit: repository.Head.Tip?.Sha, Diff: "");
            var commit = repository.Commit(message, author, author);
            var headRef = "refs/heads/" + head;
            if (Repository.ListRemoteReferences(target.Repository, Credentials(target)).Any(reference => reference.CanonicalName == headRef))
            {
                Commands.Fetch(repository, "origin", [$"+{headRef}:refs/remotes/origin/proposed"], new FetchOptions { CredentialsProvider = Credentials(target) }, null);
                var proposed = repository.Lookup<Commit>("refs/remotes/origin/proposed");
                if (proposed.Tree.Sha == commit.Tree.Sha && proposed.Parents.Select(parent => parent.Sha).SequenceEqual(commit.Parents.Select(parent => parent.Sha)))
                    return new GitOpsResult(Changed: true, Commit: proposed.Sha, Diff: "", Pushed: false);
            }

            repository.Network.Push(repository.Network.Remotes["origin"], $"+{repository.Head.CanonicalName}:{headRef}", new PushOptions { CredentialsProvider = Credentials(target) });
            return new GitOpsResult(Changed: true, Commit: commit.Sha, Diff: "");
        }, cancellationToken);

    /// <summary>
    /// Rolls a commit back the GitOps way: a revert commit on the branch (the controller applies the previous manifests
    /// again), never an apply to the cluster. A commit that is no longer on the branch, or was already reverted, is left alone.
    /// </summary>
    public Task<GitOpsResult> RevertAsync(GitOpsTarget target, string commitSha, Signature author, CancellationToken cancellationToken) =>
        OnFreshCopyAsync(target, (repository, _, push) =>
        {
            var commit = repository.Lookup<Commit>(commitSha);
            if (commit is null || repository.Head.Tip is null || repository.ObjectDatabase.FindMergeBase(commit, repository.Head.Tip)?.Sha != commit.Sha)
                return new GitOpsResult(Changed: false, Commit: repository.Head.Tip?.Sha, Diff: "");
            var reverted = repository.Revert(commit, author, new RevertOptions { CommitOnSuccess = true });
            if (reverted.Status != RevertStatus.Reverted)
                throw new GitOpsException($"Reverting {commitSha[..12]} on {target.Branch} of {target.Display} conflicts with later commits: revert it there by hand (git revert {commitSha[..12]}).");
            return push() ? new GitOpsResult(Changed: true, Commit: reverted.Commit.Sha, Diff: "") : null;
        }, cancellationToken);

    /// <summary>
    /// Runs <paramref name="change"/> on a fresh working copy of the branch; it returns null when its push lost a race,
    /// and the change is made again on the new tip.
    /// </summary>
    private async Task<GitOpsResult> OnFreshCopyAsync(GitOpsTarget target, Func<Repository, string, Func<bool>, GitOpsResult?> change, CancellationToken cancellationToken)
    {
        target.ThrowIfInvalid();
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var work = Path.Combine(workRoot, Guid.NewGuid().ToString("N"));
            try
            {
                // libgit2 is synchronous: off the caller's thread, so cancellation and progress stay responsive
                var result = await Task.Run(() =>
                {
                    using var repository = CheckOut(target, work);
                    return change(repository, work, () => Push(repository, target));
                }, cancellationToken);
                if (result is not null)
                    return result;
                if (attempt == Attempts)
                    throw new GitOpsException($"Pushing to {target.Display} (branch {target.Branch}) was rejected {Attempts} times: another writer keeps moving the branch. Run Deploy again.");
                log.Info($"{target.Display} moved while committing: doing it again on the new tip ({attempt}/{Attempts - 1})");
            }
            catch (LibGit2SharpException exception)
            {
                throw Explain(target, exception);
            }
            finally
            {
                DeleteWorkingCopy(work);
            }
        }
    }

    /// <summary>A new repository at <paramref name="work"/> on the branch's tip (or the default branch's, or unborn when the repository is empty).</summary>
    private static Repository CheckOut(GitOpsTarget target, string work)
    {
        Repository.Init(work);
        var repository = new Repository(work);
        repository.Network.Remotes.Add("origin", target.Repository);
        var branchRef = "refs/heads/" + target.Branch;
        var remoteRefs = Repository.ListRemoteReferences(target.Repository, Credentials(target)).ToList();
        var baseRef = remoteRefs.Any(reference => reference.CanonicalName == branchRef)
            ? branchRef
            : remoteRefs.FirstOrDefault(reference => reference.CanonicalName == "HEAD") is SymbolicReference { TargetIdentifier: { } head } && remoteRefs.Any(reference => reference.CanonicalName == head)
                ? head
                : null;
        repository.Refs.UpdateTarget("HEAD", branchRef);
        if (baseRef is null)
            return repository;
        Commands.Fetch(repository, "origin", [$"+{baseRef}:refs/remotes/origin/base"], new FetchOptions { CredentialsProvider = Credentials(target) }, null);
        var tip = repository.Lookup<Commit>("refs/remotes/origin/base");
        repository.Refs.Add(branchRef, tip.Id, allowOverwrite: true);
        repository.Reset(ResetMode.Hard, tip);
        return repository;
    }

    /// <summary>Pushes the branch; false when it was rejected because the branch moved meanwhile.</summary>
    private static bool Push(Repository repository, GitOpsTarget target)
    {
        var branchRef = "refs/heads/" + target.Branch;
        string? rejection = null;
        try
        {
            repository.Network.Push(repository.Network.Remotes["origin"], $"{branchRef}:{branchRef}", new PushOptions
            {
                CredentialsProvider = Credentials(target),
                OnPushStatusError = error => rejection = error.Message,
            });
        }
        catch (LibGit2SharpException exception) when (exception is NonFastForwardException || exception.Message.Contains("fastforward", StringComparison.OrdinalIgnoreCase))
        {
            return false; // the local transport reports the race as an exception, remote ones as a status
        }

        if (rejection is null)
            return true;
        if (rejection.Contains("fast", StringComparison.OrdinalIgnoreCase) || rejection.Contains("fetch first", StringComparison.OrdinalIgnoreCase))
            return false;
        throw new GitOpsException($"{target.Display} refused the push to {target.Branch}: {rejection}. Check that the token may write to that branch.");
    }

    /// <summary>The folder holds exactly these YAML files: others are removed (a manifest deleted from kubernetes/ leaves the cluster too); other files stay.</summary>
    private static void WriteFolder(string folder, IReadOnlyDictionary<string, string> files)
    {
        Directory.CreateDirectory(folder);
        foreach (var stale in Directory.EnumerateFiles(folder).Where(file => Path.GetExtension(file) is ".yaml" or ".yml" && !files.ContainsKey(Path.GetFileName(file))))
            File.Delete(stale);
        foreach (var (name, content) in files)
            File.WriteAllText(Path.Combine(folder, name), content);
    }

    private static CredentialsHandler? Credentials(GitOpsTarget target) => target.Token is { Length: > 0 } token
        ? (_, _, _) => new UsernamePasswordCredentials { Username = target.Username, Password = token }
        : null;

    private static GitOpsException Explain(GitOpsTarget target, LibGit2SharpException exception)
    {
        var text = exception.Message;
        var fix = text switch
        {
            _ when text.Contains("authentication", StringComparison.OrdinalIgnoreCase) || text.Contains("401", StringComparison.Ordinal) || text.Contains("403", StringComparison.Ordinal)
                => target.Token is null
                    ? "it asks for credentials: give a token with write access by --gitops-token or GITOPS_TOKEN"
                    : "it refused the token: check that --gitops-token (GITOPS_TOKEN) is valid and may write to the repository, and --gitops-username",
            _ when text.Contains("certificate", StringComparison.OrdinalIgnoreCase)
                => "its TLS certificate is not trusted (verification stays on): add the CA that signed it to the machine's trust store",
            _ when text.Contains("not found", StringComparison.OrdinalIgnoreCase) || text.Contains("does not exist", StringComparison.OrdinalIgnoreCase) || text.Contains("could not find repository", StringComparison.OrdinalIgnoreCase)
                => "no repository answers there: check --gitops-repository (a local path must be an existing bare repository: git init --bare)",
            _ => "check that --gitops-repository is reachable from here",
        };
        return new GitOpsException($"GitOps: {target.Display}: {fix}. ({text})", exception);
    }

    private static void DeleteWorkingCopy(string work)
    {
        if (!Directory.Exists(work))
            return;
        foreach (var file in Directory.EnumerateFiles(work, "*", SearchOption.AllDirectories))
            File.SetAttributes(file, FileAttributes.Normal); // git's object files are read-only
        Directory.Delete(work, recursive: true);
    }
}
