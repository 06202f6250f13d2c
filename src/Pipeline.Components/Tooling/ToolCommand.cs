namespace Pipeline.Components.Tooling;

/// <summary>One run of an external tool: program, arguments, where, with which extra environment and how loud.</summary>
/// <param name="Program">The program, found on PATH.</param>
/// <param name="Arguments">Its arguments, passed without a shell; never put a secret here (use <see cref="StandardInput"/>).</param>
/// <param name="WorkingDirectory">Where it runs.</param>
public sealed record ToolCommand(string Program, IReadOnlyList<string> Arguments, string WorkingDirectory)
{
    /// <summary>Extra environment variables (a null value removes one).</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>Text written to the tool's standard input, e.g. a password for <c>--password-stdin</c>.</summary>
    public string? StandardInput { get; init; }

    /// <summary>Keep the output out of the log (it is still captured for the result and for failure messages).</summary>
    public bool Quiet { get; init; }

    /// <summary>A non-zero exit code throws <see cref="ToolFailedException"/>; false returns it in the result instead.</summary>
    public bool ThrowOnFailure { get; init; } = true;

    /// <summary>The command line as shown in messages.</summary>
    public override string ToString() => string.Join(' ', [Program, .. Arguments]);
}
