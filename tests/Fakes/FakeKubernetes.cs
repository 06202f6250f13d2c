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
/// An in-process fake of the Kubernetes API on 127.0.0.1 with the documented shapes for what Deploy uses:
/// server-side apply (PATCH application/apply-patch+yaml) and GET of Deployments and Services, pod list with
/// container statuses, events, pod logs. Pods follow <see cref="Problem"/>; a LoadBalancer gets its IP after
/// <see cref="ReadsBeforeExternalIp"/> reads.
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
        app.MapMethods("/apis/apps/v1/namespaces/{ns}/deployments/{name}", ["PATCH"], (HttpContext c, string ns, string name) => ApplyAsync(c, "deployments", ns, name));
        app.MapGet("/apis/apps/v1/namespaces/{ns}/deployments/{name}", (string ns, string name) => Read("deployments", ns, name));
        app.MapMethods("/api/v1/namespaces/{ns}/services/{name}", ["PATCH"], (HttpContext c, string ns, string name) => ApplyAsync(c, "services", ns, name));
        app.MapGet("/api/v1/namespaces/{ns}/services/{name}", (string ns, string name) => Read("services", ns, name));
        app.MapGet("/api/v1/namespaces/{ns}/pods", (HttpContext c) => Json(c.Request.Query["labelSelector"].ToString().StartsWith("job-name=", StringComparison.Ordinal) ? Jobs.Pods() : Pods()));
        app.MapPost("/apis/batch/v1/namespaces/{ns}/jobs", (HttpContext c, string ns) => Jobs.CreateAsync(c, ns));
        app.MapGet("/apis/batch/v1/namespaces/{ns}/jobs/{name}", (string ns, string name) => Jobs.Read(ns, name));
        app.MapDelete("/apis/batch/v1/namespaces/{ns}/jobs/{name}", (string ns, string name) => Jobs.Delete(ns, name));
        app.MapGet("/api/v1/namespaces/{ns}/events", () => Json(new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "EventList", ["metadata"] = new JsonObject(),
            ["items"] = new JsonArray(new JsonObject
            {
                ["metadata"] = new JsonObject { ["name"] = "model-serving-7d4b9.1" },
                ["reason"] = "FailedScheduling",
                ["message"] = "0/3 nodes are available: 3 Insufficient cpu.",
                ["involvedObject"] = new JsonObject { ["kind"] = "Pod", ["name"] = "model-serving-7d4b9" },
            }),
        }));
        app.MapGet("/api/v1/namespaces/{ns}/pods/{pod}/log", (string pod) => pod == FakeJobs.PodName ? Results.Text(Jobs.Log) : Results.Text("Starting\nUnhandled exception: no trained model in /app/model\n"));
        app.MapGet("/apis/{group}/{version}/namespaces/{ns}/{plural}/{name}", (string ns, string plural, string name) => CustomObjects.TryGetValue($"{plural}/{ns}/{name}", out var read)
            ? Json(read())
            : Results.Json(new { kind = "Status", apiVersion = "v1", status = "Failure", reason = "NotFound", code = 404, message = $"{plural} \"{name}\" not found" }, statusCode: 404));
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

    private async Task<IResult> ApplyAsync(HttpContext context, string resource, string ns, string name)
    {
        using var reader = new StreamReader(context.Request.Body);
        var stream = new YamlStream();
        stream.Load(new StringReader(await reader.ReadToEndAsync()));
        var applied = (JsonObject)Pipeline.Components.Deploy.YamlJson.ToJson(stream.Documents[0].RootNode)!;
        var key = $"{resource}/{ns}/{name}";
        var generation = objects.TryGetValue(key, out var old) ? old["metadata"]!["generation"]!.GetValue<long>() + 1 : 1;
        applied["metadata"]!["generation"] = generation;
        applied["metadata"]!["namespace"] = ns;
        if (resource == "deployments")
        {
            var replicas = applied["spec"]?["replicas"]?.GetValue<long>() ?? 1;
            var available = Problem == PodProblem.None ? replicas : 0;
            applied["status"] = new JsonObject { ["observedGeneration"] = generation, ["replicas"] = replicas, ["updatedReplicas"] = replicas, ["availableReplicas"] = available, ["readyReplicas"] = available };
        }

        if (context.Request.Query["dryRun"] == "All")
            return Json(applied); // validated and returned, never stored
        objects[key] = applied;
        return Json(applied);
    }

    private IResult Read(string resource, string ns, string name)
    {
        if (!objects.TryGetValue($"{resource}/{ns}/{name}", out var found))
            return Results.Json(new { kind = "Status", apiVersion = "v1", status = "Failure", reason = "NotFound", code = 404, message = $"{resource} \"{name}\" not found" }, statusCode: 404);
        if (resource == "services" && ++serviceReads >= ReadsBeforeExternalIp)
            found["status"] = new JsonObject { ["loadBalancer"] = new JsonObject { ["ingress"] = new JsonArray(new JsonObject { ["ip"] = ExternalIp }) } };
        return Json(found);
    }

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
