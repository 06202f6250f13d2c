using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Pipeline.Components.Deploy;
using Pipeline.Components.Train;

namespace Pipeline.Components.Kubernetes.Apply;

/// <summary>
/// Any kind through KubernetesClient's generic (custom objects) operations, which address built-in groups too
/// (<c>/api/v1/…</c> for the core group): server-side apply with our field manager and strict field validation (as
/// <c>kubectl apply --server-side</c>), get, list by label, delete. Refusals become messages that name the object and the fix.
/// </summary>
internal sealed class ObjectClient(IKubernetes client)
{
    /// <summary>The field manager of our server-side applies.</summary>
    public const string FieldManager = "pipeline";

    public async Task<JsonObject> ApplyAsync(ApiResource resource, string name, string? ns, JsonObject body, bool dryRun, CancellationToken cancellationToken)
    {
        var patch = new V1Patch(body.ToJsonString(), V1Patch.PatchType.ApplyPatch);
        var dry = dryRun ? "All" : null;
        return await CallAsync(resource, name, "PATCH", async () => resource.Namespaced
            ? await client.CustomObjects.PatchNamespacedCustomObjectAsync(patch, resource.Group, resource.Version, ns, resource.Plural, name,
                dryRun: dry, fieldManager: FieldManager, fieldValidation: "Strict", force: true, cancellationToken: cancellationToken)
            : await client.CustomObjects.PatchClusterCustomObjectAsync(patch, resource.Group, resource.Version, resource.Plural, name,
                dryRun: dry, fieldManager: FieldManager, fieldValidation: "Strict", force: true, cancellationToken: cancellationToken));
    }

    /// <summary>The live object, or null when it does not exist.</summary>
    public async Task<JsonObject?> ReadAsync(ApiResource resource, string name, string? ns, CancellationToken cancellationToken)
    {
        try
        {
            return await CallAsync(resource, name, "GET", async () => resource.Namespaced
                ? await client.CustomObjects.GetNamespacedCustomObjectAsync(resource.Group, resource.Version, ns, resource.Plural, name, cancellationToken)
                : await client.CustomObjects.GetClusterCustomObjectAsync(resource.Group, resource.Version, resource.Plural, name, cancellationToken));
        }
        catch (HttpOperationException exception) when (exception.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Objects of that resource carrying the label selector (in the namespace, or cluster-wide for cluster-scoped ones).</summary>
    public async Task<IReadOnlyList<JsonObject>> ListAsync(ApiResource resource, string? ns, string labelSelector, CancellationToken cancellationToken)
    {
        var list = await CallAsync(resource, "", "LIST", async () => resource.Namespaced
            ? await client.CustomObjects.ListNamespacedCustomObjectAsync(resource.Group, resource.Version, ns, resource.Plural, labelSelector: labelSelector, cancellationToken: cancellationToken)
            : await client.CustomObjects.ListClusterCustomObjectAsync(resource.Group, resource.Version, resource.Plural, labelSelector: labelSelector, cancellationToken: cancellationToken));
        return list["items"] is JsonArray items ? [.. items.OfType<JsonObject>()] : [];
    }

    /// <summary>Deletes the object (its dependents in the background, as kubectl does); gone already is fine.</summary>
    public async Task DeleteAsync(ApiResource resource, string name, string? ns, CancellationToken cancellationToken)
    {
        try
        {
            await CallAsync(resource, name, "DELETE", async () => resource.Namespaced
                ? await client.CustomObjects.DeleteNamespacedCustomObjectAsync(resource.Group, resource.Version, ns, resource.Plural, name, propagationPolicy: "Background", cancellationToken: cancellationToken)
                : await client.CustomObjects.DeleteClusterCustomObjectAsync(resource.Group, resource.Version, resource.Plural, name, propagationPolicy: "Background", cancellationToken: cancellationToken));
        }
        catch (HttpOperationException exception) when (exception.Response.StatusCode == HttpStatusCode.NotFound)
        {
        }
    }

    private static async Task<JsonObject> CallAsync(ApiResource resource, string name, string verb, Func<Task<object>> call)
    {
        try
        {
            return await call() switch
            {
                JsonElement element => JsonNode.Parse(element.GetRawText())!.AsObject(),
                var other => JsonSerializer.SerializeToNode(other)!.AsObject(),
            };
        }
        catch (HttpOperationException exception) when ((int)exception.Response.StatusCode is 401 or 403)
        {
            throw ClusterErrors.Refused((int)exception.Response.StatusCode, exception.Request.Method.Method, exception.Request.RequestUri?.AbsolutePath ?? "", exception.Response.Content);
        }
        catch (HttpOperationException exception) when ((int)exception.Response.StatusCode is 400 or 409 or 422 or 500)
        {
            throw new ClusterException($"The cluster refused to {verb.ToLowerInvariant()} {resource.Kind} {name} ({(int)exception.Response.StatusCode}): {StatusMessage(exception.Response.Content)}");
        }
        catch (HttpRequestException exception)
        {
            throw ClusterErrors.Unreachable(exception);
        }
    }

    /// <summary>The message of a Kubernetes Status answer, with each cause's field (what kubectl prints).</summary>
    private static string StatusMessage(string? content)
    {
        try
        {
            var status = JsonNode.Parse(content ?? "")?.AsObject();
            var causes = (status?["details"]?["causes"] as JsonArray)?.OfType<JsonObject>()
                .Select(cause => $"\n  {cause["field"]?.GetValue<string>()}: {cause["message"]?.GetValue<string>()}") ?? [];
            return (status?["message"]?.GetValue<string>() ?? content ?? "") + string.Concat(causes);
        }
        catch (JsonException)
        {
            return content ?? "";
        }
    }
}
