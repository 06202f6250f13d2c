using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Model.Serving;

/// <summary>
/// The 400 answers of <c>POST /predict</c> say what is wrong and show a valid body: the framework's binding and
/// validation problems, given a detail that names the field.
/// </summary>
internal static class PredictProblems
{
    public static void Describe(Microsoft.AspNetCore.Http.ProblemDetailsOptions options) => options.CustomizeProblemDetails = context =>
    {
        if (context.ProblemDetails.Status != StatusCodes.Status400BadRequest)
            return;
        context.ProblemDetails.Title = "Malformed prediction request";
        var what = context.ProblemDetails is HttpValidationProblemDetails validation
            ? string.Join(" ", validation.Errors.SelectMany(error => error.Value))
            : context.Exception is BadHttpRequestException { InnerException: JsonException json }
                ? Unreadable(json)
                : "The body must be a JSON object of four numbers.";
        context.ProblemDetails.Detail = $"{what} Example: {PredictRequest.Example}";
    };

    /// <summary>Where System.Text.Json stopped: a field of the wrong type, or no JSON object at all.</summary>
    private static string Unreadable(JsonException json) =>
        json.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal)
            ? $"Field '{path[2..]}' must be a non-negative number (cm), or the body is not valid JSON there (line {json.LineNumber + 1}, position {json.BytePositionInLine + 1})."
            : $"The body must be a JSON object of four numbers (line {json.LineNumber + 1}, position {json.BytePositionInLine + 1}).";
}
