using Pipeline.Components.Deploy.Gating;

namespace Pipeline.Components.Tests.Deploy;

/// <summary>Champion against challenger by the gate's rules: floors always, comparisons when the champion has the metric.</summary>
[CancelAfter(10_000)] // every async test is bounded; these are not, but the rule is kept for each fixture
public sealed class DeployGateTests
{
    private static readonly GateRule Accuracy = GateRule.Higher("accuracy") with { Floor = 0.9, MaxRegression = 0.005 };

    private static DeployRecord Champion(params (string Metric, double Value)[] metrics) =>
        new("registry/model@sha256:aaaa", "0123456789abcdef", metrics.ToDictionary(m => m.Metric, m => m.Value), DateTimeOffset.Parse("2026-12-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture), "ci@runner");

    [Test]
    public void Should_PassOnTheFloorsAlone_GivenAnEmptyEnvironment()
    {
        var verdict = DeployGate.Evaluate([Accuracy], new Dictionary<string, double> { ["accuracy"] = 0.91 }, champion: null);

        Assert.That(verdict.Passes, Is.True);
        Assert.That(verdict.Table(), Does.Contain("champion (none yet)").And.Contain("accuracy").And.Contain("0.91").And.Contain("≥ 0.9, at most 0.005 worse").And.Contain("pass"));
    }

    [TestCase(0.945, true, TestName = "Should_Pass_GivenExactlyTheAllowedRegression")]
    [TestCase(0.944, false, TestName = "Should_Refuse_GivenMoreThanTheAllowedRegression")]
    [TestCase(0.97, true, TestName = "Should_Pass_GivenABetterModel")]
    public void JudgesTheRegressionAgainstTheChampion(double challenger, bool passes)
    {
        var verdict = DeployGate.Evaluate([Accuracy], new Dictionary<string, double> { ["accuracy"] = challenger }, Champion(("accuracy", 0.95)));

        Assert.That(verdict.Passes, Is.EqualTo(passes), verdict.Table());
        if (!passes)
            Assert.That(verdict.Table(), Does.Contain("champion (0123456789ab)").And.Contain("0.95").And.Contain("FAIL: 0.006 worse than the champion"));
    }

    [Test]
    public void Should_RefuseBelowTheFloor_EvenWhenTheChampionIsWorse()
    {
        var verdict = DeployGate.Evaluate([Accuracy], new Dictionary<string, double> { ["accuracy"] = 0.85 }, Champion(("accuracy", 0.80)));

        Assert.That(verdict.Passes, Is.False);
        Assert.That(verdict.Rows[0].Why, Is.EqualTo("beyond the floor 0.9"));
    }

    [Test]
    public void Should_JudgeALowerIsBetterMetric_AndAMinimumImprovement()
    {
        GateRule[] rules = [GateRule.Lower("rmse") with { Floor = 1.0, MinImprovement = 0.01 }];

        var better = DeployGate.Evaluate(rules, new Dictionary<string, double> { ["rmse"] = 0.48 }, Champion(("rmse", 0.5)));
        var barely = DeployGate.Evaluate(rules, new Dictionary<string, double> { ["rmse"] = 0.495 }, Champion(("rmse", 0.5)));
        var tooHigh = DeployGate.Evaluate(rules, new Dictionary<string, double> { ["rmse"] = 1.2 }, null);

        Assert.That(better.Passes, Is.True, better.Table());
        Assert.That(barely.Rows[0].Why, Is.EqualTo("not 0.01 better than the champion"));
        Assert.That(tooHigh.Rows[0].Why, Is.EqualTo("beyond the floor 1"));
        Assert.That(rules[0].ToString(), Is.EqualTo("≤ 1, at least 0.01 better"));
    }

    [Test]
    public void Should_Refuse_GivenMetricsWithoutTheRulesMetric_AndCompareOnlyWhatTheChampionHas()
    {
        var missing = DeployGate.Evaluate([Accuracy], new Dictionary<string, double> { ["macroF1"] = 0.99 }, null);
        var championWithout = DeployGate.Evaluate([Accuracy], new Dictionary<string, double> { ["accuracy"] = 0.91 }, Champion(("macroF1", 0.99)));

        Assert.That(missing.Rows[0].Why, Is.EqualTo("the metrics have no accuracy"));
        Assert.That(missing.Table(), Does.Contain("missing"));
        Assert.That(championWithout.Passes, Is.True, "a champion without the metric is judged by the floor only");
    }

    [Test]
    public void Should_ReadNestedNumbersOfTheMetrics_AndRoundTripARecordThroughJson()
    {
        var numbers = CandidateRecord.Numbers("""{ "accuracy": 0.95, "classes": { "setosa": { "f1": 1 } }, "model": "lr", "confusion": [[1, 2]] }""", "artifacts/metrics.json");
        var record = Champion(("accuracy", 0.95)) with { AcceptedWorse = "hotfix: the old model leaks PII" };

        Assert.That(numbers, Is.EquivalentTo(new Dictionary<string, double> { ["accuracy"] = 0.95, ["classes.setosa.f1"] = 1, ["confusion[0][0]"] = 1, ["confusion[0][1]"] = 2 }), "text left out");
        Assert.That(DeployRecord.FromJson(record.ToJson()), Is.EqualTo(record).Using<DeployRecord>((a, b) => a.ToJson() == b.ToJson()));
        Assert.That(DeployRecord.FromJson("{ not json"), Is.Null, "an edited annotation is no record");
        Assert.That(DeployRecord.FromJson(null), Is.Null);
        Assert.That(DeployRecord.FromJson("""{ "image": "registry/model@sha256:aaaa" }"""), Is.Null, "a record without its fields");
    }
}
