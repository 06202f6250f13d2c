using Pipeline.Components.Report;

partial class Build
{
    /// <summary>The iris predictions name the true class "species".</summary>
    ReportSettings IReport.ConfigureReport(ReportSettings settings) => settings with
    {
        PredictionColumns = ("species", "predicted"),
    };
}
