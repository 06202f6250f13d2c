using System.Globalization;
using System.Text.Json.Nodes;
using Pipeline.Components.Deploy;
using Pipeline.Components.Train;

namespace Pipeline.Components.Kubernetes.Apply;

/// <summary>
/// Whether a live object is ready, by the rules users know from kstatus (sigs.k8s.io/cli-utils) and Argo CD's health
/// checks: the controller has observed the latest generation; Deployments, StatefulSets and DaemonSets are rolled out;
/// a Job has completed; a PersistentVolumeClaim is bound; a CRD is established; any other object with standard
/// <c>status.conditions</c> is ready when <c>Ready</c> is True (and failed when <c>Stalled</c> is True); an object without
/// status is ready once applied.
/// </summary>
internal sealed record ObjectHealth(HealthState State, string Message)
{
    public static ObjectHealth Of(JsonObject live)
    {
        var kind = live["kind"]?.GetValue<string>() ?? "";
        var status = live["status"] as JsonObject;
        var generation = Number(live["metadata"]?["generation"]);
        var observed = Number(status?["observedGeneration"]);
        if (generation is { } wanted && observed is { } seen && seen < wanted)
            return InProgress($"its controller has not yet observed generation {wanted} (it has {seen})");
        return kind switch
        {
            "Deployment" => Deployment(live, status),
            "StatefulSet" => StatefulSet(live, status),
            "DaemonSet" => DaemonSet(status),
            "Job" => Job(status),
            "Pod" => Pod(status),
            "PersistentVolumeClaim" => Text(status?["phase"]) == "Bound" ? Ready("bound") : InProgress($"phase {Text(status?["phase"]) ?? "Pending"}"),
            "CustomResourceDefinition" => Condition(status, "Established") is { } established && Text(established["status"]) == "True"
                ? Ready("established")
                : InProgress("not established yet"),
            _ => Conditions(status),
        };
    }

    private static ObjectHealth Deployment(JsonObject live, JsonObject? status)
    {
        if (status is null)
            return InProgress("no status yet");
        var replicas = Number(live["spec"]?["replicas"]) ?? 1;
        if (Condition(status, "Progressing") is { } progressing && Text(progressing["reason"]) == "ProgressDeadlineExceeded")
            return Failed($"progress deadline exceeded: {Text(progressing["message"])}");
        var updated = Number(status["updatedReplicas"]) ?? 0;
        var available = Number(status["availableReplicas"]) ?? 0;
        var total = Number(status["replicas"]) ?? 0;
        if (updated < replicas)
            return InProgress($"{updated}/{replicas} replicas updated");
        if (total > updated)
            return InProgress($"{total - updated} old replicas pending termination");
        return available < replicas ? InProgress($"{available}/{replicas} replicas available") : Ready($"{available}/{replicas} replicas available");
    }

    private static ObjectHealth StatefulSet(JsonObject live, JsonObject? status)
    {
        if (status is null)
            return InProgress("no status yet");
        var replicas = Number(live["spec"]?["replicas"]) ?? 1;
        var ready = Number(status["readyReplicas"]) ?? 0;
        if (ready < replicas)
            return InProgress($"{ready}/{replicas} replicas ready");
        if (Text(live["spec"]?["updateStrategy"]?["type"]) is not "OnDelete"
            && Text(status["updateRevision"]) is { } update && Text(status["currentRevision"]) is { } current && update != current)
            return InProgress($"rolling update to revision {update} in progress ({Number(status["updatedReplicas"]) ?? 0}/{replicas} updated)");
        return Ready($"{ready}/{replicas} replicas ready");
    }

    private static ObjectHealth DaemonSet(JsonObject? status)
    {
        if (status is null || Number(status["desiredNumberScheduled"]) is not { } desired)
            return InProgress("no status yet");
        var updated = Number(status["updatedNumberScheduled"]) ?? 0;
        var available = Number(status["numberAvailable"]) ?? 0;
        if (updated < desired)
            return InProgress($"{updated}/{desired} pods updated");
        return available < desired ? InProgress($"{available}/{desired} pods available") : Ready($"{available}/{desired} pods available");
    }

    private static ObjectHealth Job(JsonObject? status)
    {
        if (Condition(status, "Failed") is { } failed && Text(failed["status"]) == "True")
            return Failed($"the Job failed: {Text(failed["reason"])}: {Text(failed["message"])}");
        if (Condition(status, "Complete") is { } complete && Text(complete["status"]) == "True")
            return Ready($"completed ({Number(status?["succeeded"]) ?? 0} succeeded)");
        return InProgress($"{Number(status?["active"]) ?? 0} active, {Number(status?["succeeded"]) ?? 0} succeeded, {Number(status?["failed"]) ?? 0} failed");
    }

    private static ObjectHealth Pod(JsonObject? status) => Text(status?["phase"]) switch
    {
        "Succeeded" => Ready("succeeded"),
        "Failed" => Failed($"the pod failed: {Text(status?["reason"])} {Text(status?["message"])}".TrimEnd()),
        _ => Condition(status, "Ready") is { } ready && Text(ready["status"]) == "True" ? Ready("ready") : InProgress($"phase {Text(status?["phase"]) ?? "Pending"}, not ready"),
    };

    /// <summary>kstatus' generic rule: Stalled=True failed, Reconciling=True in progress, Ready decides when present.</summary>
    private static ObjectHealth Conditions(JsonObject? status)
    {
        if (Condition(status, "Stalled") is { } stalled && Text(stalled["status"]) == "True")
            return Failed($"stalled: {Describe(stalled)}");
        if (Condition(status, "Reconciling") is { } reconciling && Text(reconciling["status"]) == "True")
            return InProgress($"reconciling: {Describe(reconciling)}");
        if (Condition(status, "Ready") is not { } ready)
            return Ready("applied (no Ready condition to wait for)");
        if (Text(ready["status"]) == "True")
            return Ready("Ready");
        var notReady = (status!["conditions"] as JsonArray)!.OfType<JsonObject>()
            .Where(condition => Text(condition["status"]) == "False" && Text(condition["type"]) != "Ready")
            .Select(condition => $"{Text(condition["type"])}: {Describe(condition)}");
        return InProgress(string.Join("; ", new[] { $"Ready is {Text(ready["status"])}: {Describe(ready)}" }.Concat(notReady)));
    }

    private static string Describe(JsonObject condition) =>
        string.Join(" ", new[] { Text(condition["reason"]), Text(condition["message"]) }.Where(part => !string.IsNullOrEmpty(part))) is { Length: > 0 } text ? text : "no reason given";

    private static JsonObject? Condition(JsonObject? status, string type) =>
        (status?["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(condition => Text(condition["type"]) == type);

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : node?.ToJsonString();

    private static long? Number(JsonNode? node) =>
        node is JsonValue value && (value.TryGetValue<long>(out var number) || (value.TryGetValue<double>(out var real) && (number = (long)real) == real)
                                    || (value.TryGetValue<string>(out var text) && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out number)))
            ? number
            : null;

    private static ObjectHealth Ready(string message) => new(HealthState.Ready, message);

    private static ObjectHealth InProgress(string message) => new(HealthState.InProgress, message);

    private static ObjectHealth Failed(string message) => new(HealthState.Failed, message);
}
