using Pipeline.Components.Report;

/// <summary>Report: params and metrics against the target branch, plots, and the sticky pull/merge request comment.</summary>
partial class Build : IReport;
