namespace Pipeline.CI.Declaration;

/// <summary>
/// A step run before a job's target: a GitHub action (<see cref="Uses"/>, such as <c>actions/setup-python@v5</c>)
/// or a shell command (<see cref="Run"/>: a GitHub step and a GitLab <c>before_script</c> line). Declare it for the
/// whole pipeline (<see cref="CiPipeline.SetupSteps"/>) or one job (<see cref="CiJob.SetupSteps"/>).
/// </summary>
/// <param name="Name">What it does, shown as the GitHub step name.</param>
public sealed record CiSetupStep(string Name)
{
    /// <summary>A GitHub action pinned by version; GitHub only (GitLab has no actions: give a <see cref="Run"/> step for it).</summary>
    public string? Uses { get; init; }

    /// <summary>Inputs of <see cref="Uses"/>.</summary>
    public IReadOnlyDictionary<string, string> With { get; init; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>A shell command run from the repository root.</summary>
    public string? Run { get; init; }

    /// <summary>Which CI systems run it (a package install for the GitLab image only, say); an action is GitHub's alone.</summary>
    public CiDialects Dialects { get; init; } = CiDialects.All;

    /// <summary>A shell command for both CI systems.</summary>
    public static CiSetupStep Command(string name, string command) => new(name) { Run = command };

    /// <summary>
    /// Installs Debian/Ubuntu packages with apt-get (through sudo where the job is not root, as on GitHub's runners),
    /// skipped when dpkg already has them all, so a runner image that carries them pays nothing.
    /// </summary>
    public static CiSetupStep DebianPackages(string name, IReadOnlyList<string> packages)
    {
        var invalid = packages.Where(package => !System.Text.RegularExpressions.Regex.IsMatch(package, "^[a-z0-9][a-z0-9+.-]+$")).ToList();
        if (invalid.Count > 0)
            throw new CiDeclarationException($"{string.Join(", ", invalid.Select(package => $"'{package}'"))} is not a Debian package name (lowercase letters, digits, '+', '-', '.'; no version or option).");
        var list = string.Join(' ', packages);
        return Command(name, $"dpkg -s {list} >/dev/null 2>&1 || {{ s=$([ \"$(id -u)\" = 0 ] || echo sudo); $s apt-get update -qq && $s env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends {list}; }}");
    }

    /// <summary>A GitHub action with its inputs.</summary>
    public static CiSetupStep Action(string name, string action, IReadOnlyDictionary<string, string>? inputs = null) =>
        new(name) { Uses = action, With = inputs ?? new SortedDictionary<string, string>(StringComparer.Ordinal), Dialects = CiDialects.GitHub };
}
