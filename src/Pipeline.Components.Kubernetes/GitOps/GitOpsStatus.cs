using System.Text.Json;
using Pipeline.Components.Deploy;
using Pipeline.Components.Train;

namespace Pipeline.Components.Kubernetes.GitOps;

/// <summary>
/// What a controller's status says of one commit, read as its documentation defines it. Argo CD: applied when
/// <c>status.sync.revision</c> is the commit, <c>Synced</c> and <c>Healthy</c>; failed when that revision is
/// <c>Degraded</c> or its sync operation failed. Flux: applied when <c>status.lastAppliedRevision</c> names the commit
/// and <c>Ready</c> is True; failed when <c>lastAttemptedRevision</c> names it and <c>Ready</c> is False for a reason
/// other than progress.
/// </summary>
/// <param name="State">Pending, applied or failed.</param>
/// <param name="Description">What the status shows, for the log and the error.</param>
/// <param name="FailingDeployments">Deployments the controller names as failing (empty: it does not say which).</param>
internal sealed record GitOpsStatus(GitOpsState State, string Description, IReadOnlyList<string> FailingDeployments)
{
    public static GitOpsStatus Of(GitOpsController controller, JsonElement resource, string commit) =>
        controller == GitOpsController.ArgoCd ? OfApplication(resource, commit) : OfKustomization(resource, commit);

    private static GitOpsStatus OfApplication(JsonElement application, string commit)
    {
        var status = Child(application, "status");
        var revision = Text(Child(status, "sync"), "revision");
        var sync = Text(Child(status, "sync"), "status") ?? "Unknown";
        var health = Text(Child(status, "health"), "status") ?? "Unknown";
        var operation = Child(status, "operationState");
        var operationRevision = Text(Child(operation, "syncResult"), "revision");
        var ours = revision == commit || operationRevision == commit;
        var description = $"revision {Short(revision)}, {sync}, {health}";
        if (revision == commit && sync == "Synced" && health == "Healthy")
            return new GitOpsStatus(GitOpsState.Applied, description, []);
        var operationFailed = Text(operation, "phase") is "Failed" or "Error";
        if (!ours || (health != "Degraded" && !operationFailed))
            return new GitOpsStatus(GitOpsState.Pending, description, []);

        var reasons = new List<string>();
        AddIfAny(reasons, Text(Child(status, "health"), "message"));
        AddIfAny(reasons, operationFailed ? Text(operation, "message") : null);
        foreach (var condition in Items(status, "conditions"))
            AddIfAny(reasons, Text(condition, "type") is { } type && Text(condition, "message") is { } message ? $"{type}: {message}" : null);
        var failing = new List<string>();
        foreach (var resource in Items(status, "resources"))
        {
            if (Text(Child(resource, "health"), "status") != "Degraded")
                continue;
            reasons.Add($"{Text(resource, "kind")} {Text(resource, "name")} is Degraded{(Text(Child(resource, "health"), "message") is { } why ? $": {why}" : "")}");
            if (Text(resource, "kind") == "Deployment" && Text(resource, "name") is { } name)
                failing.Add(name);
        }

        return new GitOpsStatus(GitOpsState.Failed, $"{description}. {string.Join("; ", reasons)}", failing);
    }

    private static GitOpsStatus OfKustomization(JsonElement kustomization, string commit)
    {
        var status = Child(kustomization, "status");
        var applied = Text(status, "lastAppliedRevision");
        var attempted = Text(status, "lastAttemptedRevision");
        var ready = Items(status, "conditions").FirstOrDefault(condition => Text(condition, "type") == "Ready");
        var readyStatus = ready.ValueKind == JsonValueKind.Object ? Text(ready, "status") : null;
        var reason = ready.ValueKind == JsonValueKind.Object ? Text(ready, "reason") : null;
        var description = $"applied {applied ?? "nothing"}, Ready {readyStatus ?? "Unknown"}{(reason is null ? "" : $" ({reason})")}";
        if (Names(applied, commit) && readyStatus == "True")
            return new GitOpsStatus(GitOpsState.Applied, description, []);
        if (Names(attempted, commit) && readyStatus == "False" && reason is not ("Progressing" or "DependencyNotReady"))
            return new GitOpsStatus(GitOpsState.Failed, $"{description}: {Text(ready, "message")}", []);
        return new GitOpsStatus(GitOpsState.Pending, description, []);
    }

    /// <summary>Flux writes "main@sha1:&lt;sha&gt;" (v2) or "main/&lt;sha&gt;" (earlier).</summary>
    private static bool Names(string? revision, string commit) =>
        revision is not null && (revision.EndsWith(":" + commit, StringComparison.Ordinal) || revision.EndsWith("/" + commit, StringComparison.Ordinal) || revision == commit);

    private static string Short(string? revision) => revision is null ? "none" : revision[..Math.Min(12, revision.Length)];

    private static void AddIfAny(List<string> reasons, string? reason)
    {
        if (!string.IsNullOrWhiteSpace(reason))
            reasons.Add(reason);
    }

    private static JsonElement Child(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var child) ? child : default;

    private static string? Text(JsonElement element, string name) =>
        Child(element, name) is { ValueKind: JsonValueKind.String } text ? text.GetString() : null;

    private static IEnumerable<JsonElement> Items(JsonElement element, string name) =>
        Child(element, name) is { ValueKind: JsonValueKind.Array } array ? array.EnumerateArray() : [];
}
