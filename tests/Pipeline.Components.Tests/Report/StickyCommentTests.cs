using Pipeline.Components.Report;
using Pipeline.Components.CodeHost;

namespace Pipeline.Components.Tests.Report;

[CancelAfter(120_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class StickyCommentTests
{
    [Test]
    public void Should_CutAtALineAndSaySo_GivenABodyOverTheLimit()
    {
        var body = ReportContent.Marker + "\n" + string.Join("\n", Enumerable.Range(0, 5000).Select(i => $"| row {i} | value |"));

        var fitted = StickyComment.Fit(body, 10_000, "the report artifact");

        Assert.That(fitted.Length, Is.LessThanOrEqualTo(10_000));
        Assert.That(fitted, Does.StartWith(ReportContent.Marker).And.Contain("cut to fit the 10,000-character comment limit; the full report: the report artifact"));
        Assert.That(fitted, Does.Contain("| row 1 | value |\n"));
    }

    [Test]
    public void Should_LeaveAShortBodyAlone() =>
        Assert.That(StickyComment.Fit("short", 100, "x"), Is.EqualTo("short"));
}
