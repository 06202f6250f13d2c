using Pipeline.Components.Test;

namespace Pipeline.Components.Tests;

[CancelAfter(120_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class TestSummaryTests
{
    [Test]
    public void Should_AddUpCountersOfEveryTrxFile_IntoThePlainLine()
    {
        var directory = Directory.CreateTempSubdirectory("trx-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(directory, "a.trx"), Trx(total: 10, executed: 9, passed: 8, failed: 1));
            Directory.CreateDirectory(Path.Combine(directory, "nested"));
            File.WriteAllText(Path.Combine(directory, "nested/b.trx"), Trx(total: 5, executed: 5, passed: 5, failed: 0));

            var summary = TestSummary.FromTrxDirectory(directory);

            Assert.That(summary.ToString(), Is.EqualTo("13 passed, 1 failed, 1 skipped"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public void Should_OmitSkipped_WhenNoneWereSkipped() =>
        Assert.That(new TestSummary(3, 0, 0).ToString(), Is.EqualTo("3 passed, 0 failed"));

    private static string Trx(int total, int executed, int passed, int failed) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <TestRun xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
          <ResultSummary outcome="Completed">
            <Counters total="{total}" executed="{executed}" passed="{passed}" failed="{failed}" error="0" timeout="0" aborted="0" inconclusive="0" notExecuted="{total - executed}" />
          </ResultSummary>
        </TestRun>
        """;
}
