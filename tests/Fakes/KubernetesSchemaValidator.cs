using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Pipeline.Tests.Shared;

namespace Pipeline.Tests.Fakes;

/// <summary>
/// Holds applied objects to the real schemas, as the API server does: built-in kinds against the schemas the npm
/// package kubernetes-models generates from the Kubernetes OpenAPI documents (through tests/Fakes/kubernetes-schema.mjs,
/// one node process for the whole test run) and to the fields KubernetesClient's OpenAPI-generated models declare, custom resources against their CRD's openAPIV3Schema (structural schema
/// rules: types, unknown fields, enums, required, int-or-string, preserve-unknown-fields), and every object's metadata
/// (names, label keys and values, string-typed labels and annotations). Returns the field errors, empty when valid.
/// </summary>
public static partial class KubernetesSchemaValidator
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static Process? node;

    /// <summary>One field error: the field path (<c>metadata.labels.version</c>) and what is wrong with it.</summary>
    public sealed record FieldError(string Field, string Message);

    public static async Task<IReadOnlyList<FieldError>> ValidateAsync(JsonObject applied, JsonObject? crdSchema, CancellationToken cancellationToken = default)
    {
        var errors = Metadata(applied);
        if (crdSchema is not null)
            Structural(applied, crdSchema, "", errors, root: true);
        else
        {
            errors.AddRange(await BuiltInAsync(applied, cancellationToken));
            errors.AddRange((KnownFields.Unknown(applied) ?? []).Select(field => new FieldError(field, "field not declared in schema")));
        }

        return errors.DistinctBy(e => e.Field).ToList();
    }

    private static List<FieldError> Metadata(JsonObject applied)
    {
        var errors = new List<FieldError>();
        var metadata = applied["metadata"] as JsonObject;
        if (metadata?["name"]?.GetValueKind() is not JsonValueKind.String || !Subdomain().IsMatch(metadata["name"]!.GetValue<string>()))
            errors.Add(new("metadata.name", $"Invalid value: {metadata?["name"]?.ToJsonString() ?? "null"}: a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character"));
        foreach (var map in new[] { "labels", "annotations" })
        {
            if (metadata?[map] is not JsonObject values)
                continue;
            foreach (var (key, value) in values)
            {
                if (value?.GetValueKind() is not JsonValueKind.String)
                    errors.Add(new($"metadata.{map}.{key}", $"Invalid value: {value?.ToJsonString() ?? "null"}: expected string, got {Kind(value)}"));
                else if (map == "labels" && (value.GetValue<string>().Length > 63 || !LabelValue().IsMatch(value.GetValue<string>())))
                    errors.Add(new($"metadata.labels.{key}", $"Invalid value: \"{value.GetValue<string>()}\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"));
            }
        }

        return errors;
    }

    /// <summary>The structural schema rules a CRD's openAPIV3Schema imposes (apiextensions-apiserver's validation and pruning-as-error under strict field validation).</summary>
    private static void Structural(JsonNode? value, JsonObject schema, string path, List<FieldError> errors, bool root = false)
    {
        if (value is null)
        {
            if (schema["nullable"]?.GetValue<bool>() != true && !root)
                errors.Add(new(path, "Invalid value: \"null\": must not be null"));
            return;
        }

        if (schema["x-kubernetes-int-or-string"]?.GetValue<bool>() == true)
        {
            if (value.GetValueKind() is not (JsonValueKind.String or JsonValueKind.Number))
                errors.Add(new(path, $"Invalid value: {Kind(value)}: must be an integer or a string"));
            return;
        }

        var type = schema["type"]?.GetValue<string>();
        if (type is not null && !Is(value, type))
        {
            errors.Add(new(path, $"Invalid value: \"{Kind(value)}\": {path} in body must be of type {type}: \"{Kind(value)}\""));
            return;
        }

        if (schema["enum"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, value)))
            errors.Add(new(path, $"Unsupported value: {value.ToJsonString()}: supported values: {string.Join(", ", allowed.Select(a => a!.ToJsonString()))}"));
        switch (value)
        {
            case JsonObject mapping:
                var properties = schema["properties"] as JsonObject;
                var preserve = schema["x-kubernetes-preserve-unknown-fields"]?.GetValue<bool>() == true;
                foreach (var required in (schema["required"] as JsonArray)?.Select(r => r!.GetValue<string>()) ?? [])
                {
                    if (!mapping.ContainsKey(required))
                        errors.Add(new(Join(path, required), "Required value"));
                }

                foreach (var (key, child) in mapping)
                {
                    if (root && key is "apiVersion" or "kind" or "metadata")
                        continue;
                    if (properties?[key] is JsonObject property)
                        Structural(child, property, Join(path, key), errors);
                    else if (schema["additionalProperties"] is JsonObject additional)
                        Structural(child, additional, Join(path, key), errors);
                    else if (!preserve)
                        errors.Add(new(Join(path, key), "field not declared in schema"));
                }

                break;
            case JsonArray sequence when schema["items"] is JsonObject items:
                for (var i = 0; i < sequence.Count; i++)
                    Structural(sequence[i], items, $"{path}[{i}]", errors);
                break;
        }
    }

    private static async Task<IReadOnlyList<FieldError>> BuiltInAsync(JsonObject applied, CancellationToken cancellationToken)
    {
        await Gate.WaitAsync(cancellationToken);
        try
        {
            node ??= Start();
            await node.StandardInput.WriteLineAsync(applied.ToJsonString().AsMemory(), cancellationToken);
            await node.StandardInput.FlushAsync(cancellationToken);
            var line = await node.StandardOutput.ReadLineAsync(cancellationToken)
                ?? throw new InvalidOperationException($"The schema validator (node tests/Fakes/kubernetes-schema.mjs) stopped: {await node.StandardError.ReadToEndAsync(cancellationToken)}");
            var answer = JsonNode.Parse(line)!;
            return [.. answer["errors"]!.AsArray().OfType<JsonObject>().Select(error => new FieldError(
                string.Join('.', error["path"]!.GetValue<string>().Split('/', StringSplitOptions.RemoveEmptyEntries).Select(part => part.Replace("~1", "/").Replace("~0", "~"))),
                error["keyword"]?.GetValue<string>() == "type"
                    ? $"Invalid value: {Describe(applied, error["path"]!.GetValue<string>())}: expected {error["params"]?["type"]}, got {Kind(Find(applied, error["path"]!.GetValue<string>()))}"
                    : $"Invalid value: {error["message"]}"))];
        }
        finally
        {
            Gate.Release();
        }
    }

    private static Process Start()
    {
        var script = Path.Combine(RepositoryRoot.Path, "tests", "Fakes", "kubernetes-schema.mjs");
        if (!Directory.Exists(Path.Combine(RepositoryRoot.Path, "node_modules", "kubernetes-models")))
            throw new InvalidOperationException("The fake Kubernetes API validates against kubernetes-models (npm), which is not installed: run ./build.sh InstallTools (npm ci).");
        var start = new ProcessStartInfo("node", [script])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = RepositoryRoot.Path,
        };
        var process = Process.Start(start)!;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                process.Kill();
            }
            catch (InvalidOperationException)
            {
            }
        };
        return process;
    }

    private static JsonNode? Find(JsonNode root, string pointer)
    {
        var current = root;
        foreach (var part in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Replace("~1", "/").Replace("~0", "~")))
            current = current is JsonArray array && int.TryParse(part, out var index) ? array[index] : current?[part];
        return current;
    }

    private static string Describe(JsonNode root, string pointer) => Find(root, pointer)?.ToJsonString() ?? "null";

    private static bool Is(JsonNode value, string type) => type switch
    {
        "object" => value is JsonObject,
        "array" => value is JsonArray,
        "string" => value.GetValueKind() == JsonValueKind.String,
        "boolean" => value.GetValueKind() is JsonValueKind.True or JsonValueKind.False,
        "integer" => value.GetValueKind() == JsonValueKind.Number && value.GetValue<double>() % 1 == 0,
        "number" => value.GetValueKind() == JsonValueKind.Number,
        _ => true,
    };

    private static string Kind(JsonNode? value) => value?.GetValueKind() switch
    {
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        _ => "null",
    };

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Subdomain();

    [GeneratedRegex("^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")]
    private static partial Regex LabelValue();
}
