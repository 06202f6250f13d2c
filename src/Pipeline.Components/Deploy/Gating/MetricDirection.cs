namespace Pipeline.Components.Deploy.Gating;

/// <summary>Which way a metric improves.</summary>
public enum MetricDirection
{
    /// <summary>Accuracy, F1, AUC: more is better.</summary>
    HigherIsBetter,

    /// <summary>Loss, error, latency: less is better.</summary>
    LowerIsBetter,
}
