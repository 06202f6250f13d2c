using Pipeline.Components.Deploy;
using Pipeline.Components.Train;

namespace Pipeline.Components.Kubernetes.GitOps;

/// <summary>What a GitOps publish did.</summary>
/// <param name="Changed">Whether the files differed from the branch's tip (false: unchanged, nothing committed).</param>
/// <param name="Commit">The commit the branch now points at (ours when changed); null for a dry run or an empty branch.</param>
/// <param name="Diff">For a dry run, the unified diff that would be committed.</param>
/// <param name="Pushed">False when a proposal's branch already held this very commit's content (nothing was written).</param>
internal sealed record GitOpsResult(bool Changed, string? Commit, string Diff, bool Pushed = true);
