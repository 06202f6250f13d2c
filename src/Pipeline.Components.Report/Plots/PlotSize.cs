namespace Pipeline.Components.Report.Plots;

/// <summary>Pixel size of the report's images.</summary>
internal static class PlotSize
{
    /// <summary>Width in pixels.</summary>
    public const int Width = 800;

    /// <summary>Height in pixels.</summary>
    public const int Height = 500;
}
