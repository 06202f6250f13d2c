namespace Pipeline.Components.Comparison;

/// <summary>How a value moved between the baseline and this change.</summary>
public enum DiffKind
{
    /// <summary>Same value.</summary>
    Unchanged,

    /// <summary>Different value.</summary>
    Changed,

    /// <summary>Only in this change.</summary>
    Added,

    /// <summary>Only in the baseline.</summary>
    Removed,
}
