using LibGit2Sharp;
using LibGit2Sharp.Handlers;
using Pipeline.Build;
using Pipeline.Components.Deploy;
using Pipeline.Components.Train;

namespace Pipeline.Components.Kubernetes.GitOps;

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
        OnFreshCopyAsync(target, copy =>
        {
            var repository = copy.Repository;
            if (!copy.Stage(target.Folder, files))
                return new GitOpsResult(Changed: false, Commit: repository.Head.Tip?.Sha, Diff: "");
            if (dryRun)
                return new GitOpsResult(Changed: true, Commit: null, Diff: repository.Diff.Compare<Patch>(repository.Head.Tip?.Tree, DiffTargets.Index).Content);
            var commit = repository.Commit(message, author, author);
            return Push(copy, target, $"{copy.BranchRef}:{copy.BranchRef}") ? new GitOpsResult(Changed: true, Commit: commit.Sha, Diff: "") : null;
        }, cancellationToken);

    /// <summary>
    /// Proposes the files instead of pushing them to the branch: one commit on top of the branch, force-pushed to
    /// <paramref name="head"/> (a branch of Pipeline's, one per folder). Unchanged when the branch already holds the
    /// files; not pushed (<see cref="GitOpsResult.Pushed"/> false) when <paramref name="head"/> already proposes them.
    /// </summary>
    public Task<GitOpsResult> ProposeAsync(GitOpsTarget target, string head, IReadOnlyDictionary<string, string> files, string message, Signature author, CancellationToken cancellationToken) =>
        OnFreshCopyAsync(target, copy =>
        {
            var repository = copy.Repository;
            if (!copy.Stage(target.Folder, files))
                return new GitOpsResult(Changed: false, Commit: repository.Head.Tip?.Sha, Diff: "");
            var commit = repository.Commit(message, author, author);
            var headRef = "refs/heads/" + head;
            if (copy.RemoteRefs.Contains(headRef))
            {
                var proposed = copy.Fetch(headRef, "proposed");
                if (proposed.Tree.Sha == commit.Tree.Sha && proposed.Parents.Select(parent => parent.Sha).SequenceEqual(commit.Parents.Select(parent => parent.Sha)))
                    return new GitOpsResult(Changed: true, Commit: proposed.Sha, Diff: "", Pushed: false);
            }

            Push(copy, target, $"+{copy.BranchRef}:{headRef}"); // Pipeline's own branch: forced, never a race to lose
            return new GitOpsResult(Changed: true, Commit: commit.Sha, Diff: "");
        }, cancellationToken);

    /// <summary>
    /// Rolls a commit back the GitOps way: a revert commit on the branch (the controller applies the previous manifests
    /// again), never an apply to the cluster. A commit that is no longer on the branch, or was already reverted, is left alone.
    /// </summary>
    public Task<GitOpsResult> RevertAsync(GitOpsTarget target, string commitSha, Signature author, CancellationToken cancellationToken) =>
        OnFreshCopyAsync(target, copy =>
        {
            var repository = copy.Repository;
            var commit = repository.Lookup<Commit>(commitSha);
            if (commit is null || repository.Head.Tip is null || repository.ObjectDatabase.FindMergeBase(commit, repository.Head.Tip)?.Sha != commit.Sha)
                return new GitOpsResult(Changed: false, Commit: repository.Head.Tip?.Sha, Diff: "");
            var reverted = repository.Revert(commit, author, new RevertOptions { CommitOnSuccess = true });
            if (reverted.Status != RevertStatus.Reverted)
                throw new GitOpsException($"Reverting {commitSha[..12]} on {target.Branch} of {target.Display} conflicts with later commits: revert it there by hand (git revert {commitSha[..12]}).");
            return Push(copy, target, $"{copy.BranchRef}:{copy.BranchRef}") ? new GitOpsResult(Changed: true, Commit: reverted.Commit.Sha, Diff: "") : null;
        }, cancellationToken);

    /// <summary>The message of the newest commit on the branch that changed the folder; null when none did (or the branch does not exist yet).</summary>
    public async Task<string?> LastMessageAsync(GitOpsTarget target, CancellationToken cancellationToken)
    {
        target.ThrowIfInvalid();
        var work = Path.Combine(workRoot, Guid.NewGuid().ToString("N"));
        try
        {
            return await Task.Run(() =>
            {
                using var copy = WorkingCopy.CheckOut(target.Repository, target.Branch, work, Credentials(target));
                return copy.Repository.Head.Tip is null ? null : copy.Repository.Commits.QueryBy(target.Folder).FirstOrDefault()?.Commit.Message;
            }, cancellationToken);
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

    /// <summary>
    /// Runs <paramref name="change"/> on a fresh working copy of the branch; it returns null when its push lost a race,
    /// and the change is made again on the new tip.
    /// </summary>
    private async Task<GitOpsResult> OnFreshCopyAsync(GitOpsTarget target, Func<WorkingCopy, GitOpsResult?> change, CancellationToken cancellationToken)
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
                    using var copy = WorkingCopy.CheckOut(target.Repository, target.Branch, work, Credentials(target));
                    return change(copy);
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

    /// <summary>Pushes one refspec; false when it was rejected because the branch moved meanwhile, a <see cref="GitOpsException"/> for any other refusal.</summary>
    private static bool Push(WorkingCopy copy, GitOpsTarget target, string refspec)
    {
        string? rejection = null;
        try
        {
            copy.Repository.Network.Push(copy.Repository.Network.Remotes["origin"], refspec, new PushOptions
            {
                CredentialsProvider = copy.Credentials,
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
        throw new GitOpsException($"{target.Display} refused the push of {refspec.TrimStart('+').Split(':')[^1]}: {rejection}. Check that the token may write to that branch.");
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
