using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Pipeline.Tests.Fakes;

/// <summary>
/// The batch/v1 Jobs of <see cref="FakeKubernetes"/>: create (409 when it exists), read with the status
/// <see cref="Status"/> gives for the n-th read, delete; one pod per Job in <see cref="Pod"/>'s state, with <see cref="Log"/>.
/// </summary>
public sealed class FakeJobs
{
    public const string PodName = "train-pod-0";
    private readonly Dictionary<string, JsonObject> jobs = [];
    private int reads;

    /// <summary>Called with the Job as posted (a test plays the pod there: runs the hand-off, writes outputs).</summary>
    public Action<JsonObject>? Created { get; set; }

    /// <summary>The Job's status for the n-th read (from 1); by default it succeeds on the second.</summary>
    public Func<int, JsonObject> Status { get; set; } = read => read >= 2 ? new JsonObject { ["succeeded"] = 1 } : new JsonObject { ["active"] = 1 };

    /// <summary>The pod's status; by default Running.</summary>
    public Func<JsonObject> Pod { get; set; } = () => new JsonObject { ["phase"] = "Running" };

    /// <summary>The pod's log.</summary>
    public string Log { get; set; } = "epoch 1/2\nepoch 2/2\n";

    /// <summary>Jobs as posted, by name.</summary>
    public IReadOnlyDictionary<string, JsonObject> Posted => jobs;

    /// <summary>Names of deleted Jobs with the propagation policy asked.</summary>
    public List<string> Deleted { get; } = [];

    internal async Task<IResult> CreateAsync(HttpContext context, string ns)
    {
        var job = JsonNode.Parse(await new StreamReader(context.Request.Body).ReadToEndAsync())!.AsObject();
        var name = job["metadata"]!["name"]!.GetValue<string>();
        if (jobs.ContainsKey(name))
            return Results.Json(new { kind = "Status", apiVersion = "v1", status = "Failure", reason = "AlreadyExists", code = 409, message = $"jobs.batch \"{name}\" already exists" }, statusCode: 409);
        jobs[name] = job;
        reads = 0;
        Created?.Invoke(job);
        return Results.Json(job, statusCode: 201);
    }

    internal IResult Read(string ns, string name)
    {
        if (!jobs.TryGetValue(name, out var job))
            return Results.Json(new { kind = "Status", apiVersion = "v1", status = "Failure", reason = "NotFound", code = 404, message = $"jobs.batch \"{name}\" not found" }, statusCode: 404);
        var read = job.DeepClone().AsObject();
        read["status"] = Status(++reads);
        return Results.Text(read.ToJsonString(), "application/json");
    }

    internal IResult Delete(string ns, string name)
    {
        Deleted.Add(name);
        jobs.Remove(name);
        return Results.Json(new { kind = "Status", apiVersion = "v1", status = "Success", code = 200 });
    }

    internal JsonObject Pods()
    {
        var job = jobs.Values.LastOrDefault();
        var items = new JsonArray();
        if (job is not null)
        {
            var container = job["spec"]!["template"]!["spec"]!["containers"]![0]!;
            items.Add(new JsonObject
            {
                ["metadata"] = new JsonObject { ["name"] = PodName, ["namespace"] = job["metadata"]!["namespace"]?.GetValue<string>() },
                ["spec"] = new JsonObject { ["containers"] = new JsonArray(container.DeepClone()) },
                ["status"] = Pod(),
            });
        }

        return new JsonObject { ["apiVersion"] = "v1", ["kind"] = "PodList", ["metadata"] = new JsonObject(), ["items"] = items };
    }
}
