namespace Pipeline.Components.CodeHost;

/// <summary>The hidden markers that identify Pipeline's own sticky comments, so each is updated instead of repeated.</summary>
public static class CommentMarker
{
    /// <summary>The report's comment on a pull or merge request.</summary>
    public const string Report = "<!-- pipeline-report -->";
}
