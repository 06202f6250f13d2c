namespace Pipeline.Build;

/// <summary>
/// What lets a later run of the same command answer a target that ran and changed nothing (a Push that found its
/// digest in the registry, a Deploy that found the same version running), before the build starts: the paths its
/// decision read (any change, and the full run decides), and one address on this machine that must still answer
/// with a success status (a registry manifest, a health endpoint). Report it with <see cref="IPipelineBuild.ReportUnchanged"/>.
/// </summary>
/// <param name="Reason">Why the target had nothing to do, as its status line says it (<c>the registry still holds sha256:…</c>).</param>
/// <param name="Check">An <c>http://</c> address on the loopback interface a GET must get a 2xx answer from: anything needing a login or the network is left to the full run.</param>
/// <param name="ReadPaths">Files and folders (relative to the root, or absolute) whose content the decision depended on.</param>
public sealed record UnchangedProof(string Reason, Uri Check, IReadOnlyList<string> ReadPaths)
{
    /// <summary>Whether a later run may rely on it: a plain-http address on the loopback interface, without credentials in it.</summary>
    public bool IsLocal => Check.IsAbsoluteUri && Check.Scheme == Uri.UriSchemeHttp && Check.IsLoopback && Check.UserInfo.Length == 0;
}
