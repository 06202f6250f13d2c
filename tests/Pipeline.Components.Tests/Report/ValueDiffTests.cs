using Pipeline.Components.Report;
using Pipeline.Components.Comparison;

namespace Pipeline.Components.Tests.Report;

[CancelAfter(120_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class ValueDiffTests
{
    [Test]
    public void Should_ListAddedRemovedAndChangedNestedParams_SortedAndWithoutUnchanged()
    {
        var baseline = FlatValues.FromYaml("train:\n  seed: 42\n  rate: 0.1\n  layers: [8, 4]\nold: x\n", "base");
        var current = FlatValues.FromYaml("train:\n  seed: 42\n  rate: 0.2\n  layers: [8, 16]\nnew: y\n", "current");

        var rows = ValueDiff.Compare(baseline, current, includeUnchanged: false);

        Assert.That(rows.Select(r => (r.Path, r.Kind)), Is.EqualTo(new[]
        {
            ("new", DiffKind.Added), ("old", DiffKind.Removed), ("train.layers[1]", DiffKind.Changed), ("train.rate", DiffKind.Changed),
        }));
    }

    [Test]
    public void Should_IncludeUnchangedRows_WhenAskedFor()
    {
        var values = FlatValues.FromJson("""{"accuracy": 0.9, "f1": 0.8}""", "m");

        Assert.That(ValueDiff.Compare(values, values, includeUnchanged: true), Has.Count.EqualTo(2));
        Assert.That(ValueDiff.Compare(values, values, includeUnchanged: false), Is.Empty);
    }

    [Test]
    public void Should_GiveSignedDeltaAndPercent_GivenNumericChange()
    {
        var row = new DiffRow("accuracy", "0.8", "0.9");
        var drop = new DiffRow("logLoss", "0.5", "0.25");

        Assert.That(row.Delta, Is.EqualTo(0.1).Within(1e-12));
        Assert.That(ValueFormat.Change(row), Is.EqualTo("+0.1 (+12.5%)"));
        Assert.That(ValueFormat.Change(drop), Is.EqualTo("-0.25 (-50%)"));
    }

    [Test]
    public void Should_TreatNaNAsUnchanged_AndGiveNoPercent_GivenNaNOrZeroBaseline()
    {
        Assert.That(new DiffRow("logLoss", "NaN", "NaN").Kind, Is.EqualTo(DiffKind.Unchanged));
        Assert.That(new DiffRow("logLoss", "NaN", "0.3").Delta, Is.Null);
        Assert.That(new DiffRow("count", "0", "3").PercentChange, Is.Null);
        Assert.That(ValueFormat.Change(new DiffRow("count", "0", "3")), Is.EqualTo("+3"));
    }

    [Test]
    public void Should_ListCurrentValues_GivenNoBaseline()
    {
        var rows = ValueDiff.Compare(null, FlatValues.FromJson("""{"b": 2, "a": 1}""", "m"), includeUnchanged: false);

        Assert.That(rows.Select(r => r.Path), Is.EqualTo(new[] { "a", "b" }));
    }

    [Test]
    public void Should_NameFileAndLine_GivenMalformedInput()
    {
        var yaml = Assert.Throws<InvalidDataException>(() => FlatValues.FromYaml("a: [1,\n", "params.yaml"));
        var json = Assert.Throws<InvalidDataException>(() => FlatValues.FromJson("{\n \"a\": ,\n}", "metrics.json"));

        Assert.That(yaml!.Message, Does.StartWith("params.yaml("));
        Assert.That(json!.Message, Does.StartWith("metrics.json(2,"));
    }
}
