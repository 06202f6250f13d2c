using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using k8s.Models;

namespace Pipeline.Tests.Fakes;

/// <summary>
/// Unknown fields in built-in kinds, which server-side apply refuses ("field not declared in schema"): the object is
/// walked against KubernetesClient's models, which are generated from the Kubernetes OpenAPI document (each property's
/// JSON name is the schema's field name). Values of free-form fields (<c>object</c>, JSON, quantities, int-or-string) are
/// not descended into; types are <see cref="KubernetesSchemaValidator"/>'s other check.
/// </summary>
internal static class KnownFields
{
    private static readonly Lazy<Dictionary<(string ApiVersion, string Kind), Type>> Models = new(() =>
        typeof(V1Deployment).Assembly.GetTypes()
            .Select(type => (Type: type, Entity: type.GetCustomAttribute<KubernetesEntityAttribute>()))
            .Where(model => model.Entity is { Kind: { Length: > 0 } } && !model.Type.Name.EndsWith("List", StringComparison.Ordinal))
            .GroupBy(model => (model.Entity!.Group is { Length: > 0 } group ? $"{group}/{model.Entity.ApiVersion}" : model.Entity.ApiVersion, model.Entity.Kind))
            .ToDictionary(models => models.Key, models => models.First().Type));

    private static readonly ConcurrentDictionary<Type, IReadOnlyDictionary<string, Type>?> Fields = new();

    /// <summary>The fields of the object that its kind does not declare, as paths (<c>spec.template.spec.containers[0].bogus</c>); null when the kind is not built in.</summary>
    public static IReadOnlyList<string>? Unknown(JsonObject applied)
    {
        if (!Models.Value.TryGetValue((applied["apiVersion"]?.GetValue<string>() ?? "", applied["kind"]?.GetValue<string>() ?? ""), out var model))
            return null;
        var unknown = new List<string>();
        Walk(applied, model, "", unknown);
        return unknown;
    }

    private static void Walk(JsonNode? value, Type type, string path, List<string> unknown)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (value is null || type == typeof(string) || type.IsPrimitive || type == typeof(object) || type == typeof(byte[]) || type == typeof(DateTime) || type == typeof(JsonElement))
            return;
        if (Dictionary(type) is { } valueType && value is JsonObject map)
        {
            foreach (var (key, item) in map)
                Walk(item, valueType, $"{path}.{key}", unknown);
            return;
        }

        if (Element(type) is { } itemType && value is JsonArray list)
        {
            for (var i = 0; i < list.Count; i++)
                Walk(list[i], itemType, $"{path}[{i}]", unknown);
            return;
        }

        if (value is not JsonObject mapping || FieldsOf(type) is not { } fields)
            return;
        foreach (var (key, item) in mapping)
        {
            var field = path.Length == 0 ? key : $"{path}.{key}";
            if (fields.TryGetValue(key, out var fieldType))
                Walk(item, fieldType, field, unknown);
            else
                unknown.Add(field);
        }
    }

    /// <summary>JSON name → type of a model's properties; null for types that are not models (IntOrString, ResourceQuantity: free-form here).</summary>
    private static IReadOnlyDictionary<string, Type>? FieldsOf(Type type) => Fields.GetOrAdd(type, model =>
    {
        if (model.Namespace != "k8s.Models" || model.IsEnum || model.Name is "IntOrString" or "ResourceQuantity")
            return null;
        var fields = model.GetProperties()
            .Select(property => (Name: property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name, property.PropertyType))
            .Where(field => field.Name is not null)
            .ToDictionary(field => field.Name!, field => field.PropertyType);
        return fields.Count > 0 ? fields : null;
    });

    private static Type? Dictionary(Type type) =>
        type.IsGenericType && type.GetGenericArguments() is [var key, var value] && key == typeof(string)
        && type.GetGenericTypeDefinition() is var definition && (definition == typeof(IDictionary<,>) || definition == typeof(Dictionary<,>))
            ? value
            : null;

    private static Type? Element(Type type) =>
        type.IsGenericType && type.GetGenericArguments() is [var item] && (type.GetGenericTypeDefinition() == typeof(IList<>) || type.GetGenericTypeDefinition() == typeof(List<>) || type.GetGenericTypeDefinition() == typeof(IEnumerable<>))
            ? item
            : null;
}
