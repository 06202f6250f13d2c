namespace Pipeline.Tests.Shared;

/// <summary>Base of test fixtures that run builds: a fresh sandbox per test, filled by <see cref="Prepare"/>.</summary>
public abstract class SandboxTests
{
    private BuildSandbox? sandbox;

    internal BuildSandbox Sandbox => sandbox ?? throw new InvalidOperationException("The sandbox exists only during a test.");

    [SetUp]
    public void CreateSandbox()
    {
        sandbox = CreateEmptySandbox();
        Prepare(sandbox);
    }

    [TearDown]
    public void DeleteSandbox() => sandbox?.Dispose();

    internal virtual BuildSandbox CreateEmptySandbox() => new();

    /// <summary>Writes the files every test of the fixture starts from.</summary>
    internal virtual void Prepare(BuildSandbox emptySandbox)
    {
    }
}
