using System.Text.Json;

namespace Model.Serving;

/// <summary>
/// Parses the request body by hand so a malformed one gets a 400 that names the field and the fix,
/// rather than the framework's generic binding error.
/// </summary>
internal static class PredictRequestParser
{
    private static readonly string[] Fields = ["sepalLength", "sepalWidth", "petalLength", "petalWidth"];

    public static (PredictRequest? Request, string? Error) Parse(string body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException exception)
        {
            return (null, $"The body is not valid JSON (line {exception.LineNumber + 1}, position {exception.BytePositionInLine + 1}). {Example}");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return (null, $"The body must be a JSON object. {Example}");
            var values = new float[Fields.Length];
            for (var i = 0; i < Fields.Length; i++)
            {
                var field = document.RootElement.EnumerateObject().FirstOrDefault(p => string.Equals(p.Name, Fields[i], StringComparison.OrdinalIgnoreCase));
                if (field.Value.ValueKind == JsonValueKind.Undefined)
                    return (null, $"Missing field '{Fields[i]}' (a number, in cm). {Example}");
                if (field.Value.ValueKind != JsonValueKind.Number || !field.Value.TryGetSingle(out values[i]) || !float.IsFinite(values[i]) || values[i] < 0)
                    return (null, $"Field '{Fields[i]}' must be a non-negative number (cm), got {field.Value.GetRawText()}.");
            }

            return (new PredictRequest(values[0], values[1], values[2], values[3]), null);
        }
    }

    private const string Example = "Example: {\"sepalLength\":5.1,\"sepalWidth\":3.5,\"petalLength\":1.4,\"petalWidth\":0.2}";
}
