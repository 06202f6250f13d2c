namespace Model.Serving;

/// <summary>Where the trained model is: configuration section <c>Model</c> (<c>Model__Directory</c> in the environment).</summary>
public sealed class ModelOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Model";

    /// <summary>The model directory (model.zip); default: <c>model/</c> beside the service.</summary>
    public string Directory { get; set; } = Path.Combine(AppContext.BaseDirectory, "model");
}
