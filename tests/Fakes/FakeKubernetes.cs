using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Tests.Fakes;

/// <summary>
/// An in-process fake of the Kubernetes API on 127.0.0.1 with the documented shapes for what Deploy uses: API
/// discovery, server-side apply (PATCH application/apply-patch+yaml), GET, LIST by label and DELETE of any served kind
/// (CRDs applied to it are served from then on), pod list with container statuses, events, pod logs. Every applied
/// object is held to the real schemas (<see cref="KubernetesSchemaValidator"/>) and refused with the API's 422 Status
/// when it fails them. Pods follow <see cref="Problem"/>; a LoadBalancer gets its IP after <see cref="ReadsBeforeExternalIp"/> reads.
/// </summary>
public sealed class FakeKubernetes : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly Dictionary<string, JsonObject> objects = [];
    private int serviceReads;

    public FakeKubernetes()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        app = builder.Build();
        app.MapGet("/api/v1/namespaces/{ns}/pods", (HttpContext c) => Json(c.Request.Query["labelSelector"].ToString().StartsWith("job-name=", StringComparison.Ordinal) ? Jobs.Pods() : Pods()));
        app.MapPost("/apis/batch/v1/namespaces/{ns}/jobs", async (HttpContext c, string ns) =>
        {
            c.Request.EnableBuffering();
            var job = JsonNode.Parse(await new StreamReader(c.Request.Body, leaveOpen: true).ReadToEndAsync())!.AsObject();
            c.Request.Body.Position = 0;
            var errors = await KubernetesSchemaValidator.ValidateAsync(job, null, c.RequestAborted);
            return errors.Count > 0 ? Invalid(Resources.ByPlural("batch", "v1", "jobs")!, job["metadata"]?["name"]?.GetValue<string>() ?? "", errors) : await Jobs.CreateAsync(c, ns);
        });
        app.MapGet("/api/v1/namespaces/{ns}/events", () => Json(new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "EventList", ["metadata"] = new JsonObject(),
            ["items"] = new JsonArray([.. Events.Select(e => (JsonNode)e.DeepClone())]),
        }));
        app.MapGet("/api/v1/namespaces/{ns}/pods/{pod}/log", (string pod) => pod == FakeJobs.PodName ? Results.Text(Jobs.Log) : Results.Text("Starting\nUnhandled exception: no trained model in /app/model\n"));
        app.MapGet("/api/v1", () => Json(Resources.ResourceList("", "v1")!));
        app.MapGet("/apis/{group}", (string group) => Resources.Group(group) is { } found ? Json(found) : NotFound("the server could not find the requested resource"));
        app.MapGet("/apis/{group}/{version}", (string group, string version) => Resources.ResourceList(group, version) is { } found ? Json(found) : NotFound("the server could not find the requested resource"));
        app.Map("/api/v1/{**rest}", (HttpContext c, string rest) => ObjectAsync(c, "", "v1", rest));
        app.Map("/apis/{group}/{version}/{**rest}", (HttpContext c, string group, string version, string rest) => ObjectAsync(c, group, version, rest));
        app.MapPost("/predict", () => ServesTheModel ? Results.Json(new { predictedSpecies = "virginica" }) : Results.NotFound());
        app.Use(async (context, next) =>
        {
            Requests.Add((context.Request.Method, context.Request.Path.Value!, context.Request.ContentType, context.Request.QueryString.Value ?? ""));
            BearerTokens.Add(context.Request.Headers.Authorization.ToString().Replace("Bearer ", "", StringComparison.Ordinal));
            if (RejectCredentials)
            {
                context.Response.StatusCode = 401;
                await context.Response.WriteAsJsonAsync(new { kind = "Status", apiVersion = "v1", status = "Failure", reason = "Unauthorized", code = 401, message = "Unauthorized" });
                return;
            }

            if (ForbidWrites && context.Request.Method == "PATCH")
            {
                context.Response.StatusCode = 403;
                await context.Response.WriteAsJsonAsync(new { kind = "Status", apiVersion = "v1", status = "Failure", reason = "Forbidden", code = 403,
                    message = "deployments.apps \"model-serving\" is forbidden: User \"ci\" cannot patch resource \"deployments\" in API group \"apps\"" });
                return;
            }

            await next();
        });
    }

    public enum PodProblem
    {
        None,
        ImagePullBackOff,
        CrashLoopBackOff,
        Unschedulable,
        NotReady,
    }

    public PodProblem Problem { get; set; }

    /// <summary>The kinds and CRDs served; a CRD applied to the fake is served from then on, as a real API server serves an established one.</summary>
    public FakeApiResources Resources { get; } = new();

    /// <summary>The status a controller writes for a kind on apply (the applied object in, status out); InferenceService is Ready by default.</summary>
    public Dictionary<string, Func<JsonObject, JsonObject>> Statuses { get; } = new()
    {
        ["InferenceService"] = isvc => new JsonObject
        {
            ["observedGeneration"] = isvc["metadata"]!["generation"]!.DeepClone(),
            ["url"] = $"http://{isvc["metadata"]!["name"]}.{isvc["metadata"]!["namespace"]}.example.com",
            ["conditions"] = new JsonArray(new JsonObject { ["type"] = "PredictorReady", ["status"] = "True" }, new JsonObject { ["type"] = "Ready", ["status"] = "True" }),
        },
    };

    /// <summary>Events the namespace lists (by default the scheduler's FailedScheduling for the Deployment's pod).</summary>
    public List<JsonObject> Events { get; } =
    [
        new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "model-serving-7d4b9.1" },
            ["type"] = "Warning",
            ["reason"] = "FailedScheduling",
            ["message"] = "0/3 nodes are available: 3 Insufficient cpu.",
            ["involvedObject"] = new JsonObject { ["kind"] = "Pod", ["name"] = "model-serving-7d4b9" },
        },
    ];

    /// <summary>Objects deleted, by "plural/namespace/name".</summary>
    public List<string> Deleted { get; } = [];

    /// <summary>The stored object, or null.</summary>
    public JsonObject? Stored(string resource, string ns, string name) => objects.GetValueOrDefault($"{resource}/{ns}/{name}");

    public int ReadsBeforeExternalIp { get; set; } = 1;

    /// <summary>The load balancer's address the Service reports once provisioned.</summary>
    public string ExternalIp { get; set; } = "203.0.113.10";

    /// <summary>Also answers the smoke test (POST /predict) itself, so a Service pointed at this server's port on 127.0.0.1 passes it.</summary>
    public bool ServesTheModel { get; set; }

    public bool ForbidWrites { get; set; }

    /// <summary>batch/v1 Jobs and their one pod, as a remote Train sees them.</summary>
    public FakeJobs Jobs { get; } = new();

    /// <summary>Every request is refused 401, as a cluster that does not map the caller's identity.</summary>
    public bool RejectCredentials { get; set; }

    /// <summary>The image of the stored Deployment's first container.</summary>
    public string? CurrentImage => objects.Values.FirstOrDefault(o => o["kind"]?.GetValue<string>() == "Deployment")?["spec"]?["template"]?["spec"]?["containers"]?[0]?["image"]?.GetValue<string>();

    public List<(string Method, string Path, string? ContentType, string Query)> Requests { get; } = [];

    /// <summary>Custom objects (Argo CD Applications, Flux Kustomizations) by "plural/namespace/name": each GET asks the function, so a test plays the controller.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, Func<JsonObject>> CustomObjects { get; } = [];

    /// <summary>Stores an object as another controller's apply would (a Deployment Argo CD synced).</summary>
    public void Store(string resource, string ns, string name, JsonObject value) => objects[$"{resource}/{ns}/{name}"] = value;

    /// <summary>The bearer token each request carried ("" without one).</summary>
    public System.Collections.Concurrent.ConcurrentBag<string> BearerTokens { get; } = [];

    public string Url => app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    /// <summary>A kubeconfig whose current context reaches this server with a bearer token.</summary>
    public string Kubeconfig(string token) => $"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: fake
          cluster:
            server: {Url}
        users:
        - name: ci
          user:
            token: {token}
        contexts:
        - name: fake
          context:
            cluster: fake
            user: ci
        current-context: fake
        """;

    public static async Task<FakeKubernetes> StartAsync()
    {
        var fake = new FakeKubernetes();
        await fake.app.StartAsync();
        return fake;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    /// <summary>GET, PATCH (server-side apply), DELETE of one object and LIST of a resource, for any served kind.</summary>
    private async Task<IResult> ObjectAsync(HttpContext context, string group, string version, string rest)
    {
        var parts = rest.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var (ns, plural, name) = parts switch
        {
            ["namespaces", var n, var p] => (n, p, (string?)null),
            ["namespaces", var n, var p, var o] => (n, p, o),
            ["namespaces", var o] => ("", "namespaces", o),
            [var p] => ("", p, null),
            [var p, var o] => ("", p, o),
            _ => ("", "", null),
        };
        var resource = Resources.ByPlural(group, version, plural);
        if (resource is null)
            return NotFound("the server could not find the requested resource");
        if (resource.Namespaced != (ns.Length > 0) && name is not null)
            return NotFound($"{plural} is {(resource.Namespaced ? "namespaced" : "cluster-scoped")}");
        var key = $"{plural}/{ns}/{name}";
        var method = context.Request.Method;
        if (method == "GET" && name is null)
            return List(resource, ns, context.Request.Query["labelSelector"].ToString());
        if (method == "GET" && CustomObjects.TryGetValue(key, out var read))
            return Json(read());
        if (plural == "jobs" && Jobs.Posted.ContainsKey(name ?? ""))
            return method == "DELETE" ? Jobs.Delete(ns, name!) : Jobs.Read(ns, name!);
        return method switch
        {
            "GET" => Read(plural, ns, name!),
            "PATCH" => await ApplyAsync(context, resource, ns, name!),
            "DELETE" => Delete(resource, key, name!),
            _ => Results.StatusCode(405),
        };
    }

    private async Task<IResult> ApplyAsync(HttpContext context, FakeApiResources.Resource resource, string ns, string name)
    {
        if (context.Request.ContentType?.StartsWith("application/apply-patch+yaml", StringComparison.Ordinal) != true)
            return Status(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/apply-patch+yaml (got {context.Request.ContentType})");
        using var reader = new StreamReader(context.Request.Body);
        var stream = new YamlStream();
        stream.Load(new StringReader(await reader.ReadToEndAsync()));
        var applied = (JsonObject)Pipeline.Components.Kubernetes.Apply.YamlJson.ToJson(stream.Documents[0].RootNode)!;
        var apiVersion = resource.Group.Length == 0 ? resource.Version : $"{resource.Group}/{resource.Version}";
        if (applied["apiVersion"]?.GetValue<string>() != apiVersion || applied["kind"]?.GetValue<string>() != resource.Kind)
            return Status(400, "BadRequest", $"the API version in the data ({applied["apiVersion"]}) does not match the expected API version ({apiVersion})");
        if (applied["metadata"]?["name"]?.GetValue<string>() != name)
            return Status(400, "BadRequest", "the name of the object does not match the name on the URL");
        var errors = await KubernetesSchemaValidator.ValidateAsync(applied, Resources.CrdSchema(resource.Group, resource.Version, resource.Kind), context.RequestAborted);
        if (errors.Count > 0)
            return Invalid(resource, name, errors);

        var key = $"{resource.Plural}/{ns}/{name}";
        var old = objects.GetValueOrDefault(key);
        var oldGeneration = old?["metadata"]?["generation"]?.GetValue<long>() ?? 0;
        var changed = old is null || !JsonNode.DeepEquals(Spec(old), Spec(applied));
        var generation = changed ? oldGeneration + 1 : oldGeneration;
        applied["metadata"]!["generation"] = generation;
        applied["metadata"]!["uid"] = old?["metadata"]?["uid"]?.DeepClone() ?? Guid.NewGuid().ToString();
        if (resource.Namespaced)
            applied["metadata"]!["namespace"] = ns;
        else
            applied["metadata"]!.AsObject().Remove("namespace");
        Simulate(resource.Kind, applied, generation);
        if (context.Request.Query["dryRun"] == "All")
            return Json(applied); // validated and returned, never stored
        objects[key] = applied;
        if (resource.Kind == "CustomResourceDefinition")
            Resources.Register(applied);
        return Json(applied);
    }

    /// <summary>The status a controller would write: rolled out workloads (Deployments as <see cref="Problem"/> says), a completed Job, an established CRD, and <see cref="Statuses"/> for the rest.</summary>
    private void Simulate(string kind, JsonObject applied, long generation)
    {
        var replicas = applied["spec"]?["replicas"]?.GetValue<long>() ?? 1;
        var available = Problem == PodProblem.None ? replicas : 0;
        JsonObject? status = kind switch
        {
            "Deployment" => new JsonObject { ["observedGeneration"] = generation, ["replicas"] = replicas, ["updatedReplicas"] = replicas, ["availableReplicas"] = available, ["readyReplicas"] = available },
            "StatefulSet" => new JsonObject { ["observedGeneration"] = generation, ["replicas"] = replicas, ["readyReplicas"] = replicas, ["updatedReplicas"] = replicas, ["currentRevision"] = "r1", ["updateRevision"] = "r1" },
            "DaemonSet" => new JsonObject { ["observedGeneration"] = generation, ["desiredNumberScheduled"] = 1, ["updatedNumberScheduled"] = 1, ["numberAvailable"] = 1 },
            "Job" => new JsonObject { ["succeeded"] = 1, ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Complete", ["status"] = "True" }) },
            "CustomResourceDefinition" => new JsonObject { ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Established", ["status"] = "True" }) },
            _ => Statuses.TryGetValue(kind, out var simulate) ? simulate(applied) : null,
        };
        if (status is not null)
            applied["status"] = status;
    }

    private static JsonNode? Spec(JsonObject value) =>
        new JsonObject(value.Where(p => p.Key is not ("metadata" or "status")).Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));

    private IResult List(FakeApiResources.Resource resource, string ns, string labelSelector)
    {
        var wanted = labelSelector.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(term => term.Split('=', 2)).ToList();
        var items = objects.Where(pair => pair.Key.StartsWith($"{resource.Plural}/{ns}/", StringComparison.Ordinal) || (ns.Length == 0 && pair.Key.StartsWith($"{resource.Plural}/", StringComparison.Ordinal)))
            .Select(pair => pair.Value)
            .Where(o => o["kind"]?.GetValue<string>() == resource.Kind)
            .Where(o => wanted.All(term => o["metadata"]?["labels"]?[term[0]]?.GetValue<string>() == term.ElementAtOrDefault(1)))
            .Select(o => (JsonNode)o.DeepClone());
        return Json(new JsonObject { ["apiVersion"] = resource.Group.Length == 0 ? resource.Version : $"{resource.Group}/{resource.Version}", ["kind"] = resource.Kind + "List", ["metadata"] = new JsonObject(), ["items"] = new JsonArray([.. items]) });
    }

    private IResult Delete(FakeApiResources.Resource resource, string key, string name)
    {
        if (!objects.Remove(key))
            return NotFound($"{resource.Plural} \"{name}\" not found");
        Deleted.Add(key);
        return Json(new JsonObject { ["kind"] = "Status", ["apiVersion"] = "v1", ["status"] = "Success", ["code"] = 200 });
    }

    private IResult Read(string resource, string ns, string name)
    {
        if (!objects.TryGetValue($"{resource}/{ns}/{name}", out var found))
            return NotFound($"{resource} \"{name}\" not found");
        if (resource == "services" && ++serviceReads >= ReadsBeforeExternalIp)
            found["status"] = new JsonObject { ["loadBalancer"] = new JsonObject { ["ingress"] = new JsonArray(new JsonObject { ["ip"] = ExternalIp }) } };
        return Json(found);
    }

    /// <summary>The 422 the API server answers for an object that fails validation: a Status with reason Invalid and one cause per field.</summary>
    private static IResult Invalid(FakeApiResources.Resource resource, string name, IReadOnlyList<KubernetesSchemaValidator.FieldError> errors)
    {
        var qualified = resource.Group.Length == 0 ? resource.Kind : $"{resource.Kind}.{resource.Group}";
        var message = $"{qualified} \"{name}\" is invalid: {(errors.Count == 1 ? "" : "[")}{string.Join(", ", errors.Select(e => $"{e.Field}: {e.Message}"))}{(errors.Count == 1 ? "" : "]")}";
        return Results.Text(new JsonObject
        {
            ["kind"] = "Status", ["apiVersion"] = "v1", ["metadata"] = new JsonObject(), ["status"] = "Failure", ["message"] = message, ["reason"] = "Invalid",
            ["details"] = new JsonObject
            {
                ["name"] = name, ["group"] = resource.Group, ["kind"] = resource.Kind,
                ["causes"] = new JsonArray([.. errors.Select(e => (JsonNode)new JsonObject { ["reason"] = e.Message.StartsWith("Required", StringComparison.Ordinal) ? "FieldValueRequired" : "FieldValueInvalid", ["message"] = e.Message, ["field"] = e.Field })]),
            },
            ["code"] = 422,
        }.ToJsonString(), "application/json", statusCode: 422);
    }

    private static IResult NotFound(string message) => Status(404, "NotFound", message);

    private static IResult Status(int code, string reason, string message) =>
        Results.Text(new JsonObject { ["kind"] = "Status", ["apiVersion"] = "v1", ["metadata"] = new JsonObject(), ["status"] = "Failure", ["message"] = message, ["reason"] = reason, ["code"] = code }.ToJsonString(),
            "application/json", statusCode: code);

    private JsonObject Pods()
    {
        var status = new JsonObject { ["phase"] = Problem is PodProblem.Unschedulable or PodProblem.ImagePullBackOff ? "Pending" : "Running" };
        var image = objects.Values.FirstOrDefault(o => o["kind"]?.GetValue<string>() == "Deployment")?["spec"]?["template"]?["spec"]?["containers"]?[0]?["image"]?.GetValue<string>();
        var waiting = Problem switch
        {
            PodProblem.ImagePullBackOff => new JsonObject { ["reason"] = "ImagePullBackOff", ["message"] = $"Back-off pulling image \"{image}\"" },
            PodProblem.CrashLoopBackOff => new JsonObject { ["reason"] = "CrashLoopBackOff", ["message"] = "back-off 40s restarting failed container" },
            _ => null,
        };
        if (Problem == PodProblem.NotReady)
            status["containerStatuses"] = new JsonArray(new JsonObject
            {
                ["name"] = "model-serving", ["image"] = image, ["imageID"] = "", ["ready"] = false, ["restartCount"] = 0,
                ["state"] = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = "2026-11-23T10:00:00Z" } },
            });
        if (waiting is not null)
            status["containerStatuses"] = new JsonArray(new JsonObject
            {
                ["name"] = "model-serving", ["image"] = image, ["imageID"] = "", ["ready"] = false, ["restartCount"] = Problem == PodProblem.CrashLoopBackOff ? 4 : 0,
                ["state"] = new JsonObject { ["waiting"] = waiting },
            });
        return new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "PodList", ["metadata"] = new JsonObject(),
            ["items"] = new JsonArray(new JsonObject { ["metadata"] = new JsonObject { ["name"] = "model-serving-7d4b9", ["namespace"] = "default" }, ["status"] = status }),
        };
    }

    private static IResult Json(JsonNode node) => Results.Text(node.ToJsonString(), "application/json");
}
