using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Pipeline.Tests.Fakes;

/// <summary>
/// GitLab's merge-request notes API on 127.0.0.1 (list with pages, create, update; PRIVATE-TOKEN checked) and a
/// commit's merge requests, for a pipeline run whose Report job posts its sticky note and whose Deploy job replies
/// on the merged request: <c>CI_API_V4_URL</c> points here.
/// </summary>
public sealed class FakeGitLabNotes : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<int, string> notes = new();
    private int nextId = 1;

    public FakeGitLabNotes(string token)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        app = builder.Build();
        app.Use(async (context, next) =>
        {
            if (context.Request.Headers["PRIVATE-TOKEN"] != token)
            {
                context.Response.StatusCode = 401;
                await context.Response.WriteAsJsonAsync(new { message = "401 Unauthorized" });
                return;
            }

            await next();
        });
        const string notesPath = "/api/v4/projects/{project}/merge_requests/{iid:int}/notes";
        app.MapGet(notesPath, () => Results.Json(notes.OrderBy(n => n.Key).Select(n => new { id = n.Key, body = n.Value })));
        app.MapPost(notesPath, async (HttpContext context) =>
        {
            var id = Interlocked.Increment(ref nextId);
            notes[id] = await BodyAsync(context);
            return Results.Json(new { id, body = notes[id] }, statusCode: 201);
        });
        app.MapPut(notesPath + "/{id:int}", async (HttpContext context, int id) =>
        {
            notes[id] = await BodyAsync(context);
            return Results.Json(new { id, body = notes[id] });
        });
        app.MapGet("/api/v4/projects/{project}/repository/commits/{sha}/merge_requests", () =>
            Results.Json(MergedRequest is { } iid ? new[] { new { iid, state = "merged" } } : []));
        app.StartAsync().GetAwaiter().GetResult();
        ApiUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single() + "/api/v4";
    }

    /// <summary>What CI_API_V4_URL would be.</summary>
    public string ApiUrl { get; }

    /// <summary>The merge request every commit was merged by, or null: commits were pushed directly.</summary>
    public int? MergedRequest { get; set; }

    /// <summary>The notes' bodies, oldest first.</summary>
    public IReadOnlyList<string> Notes => [.. notes.OrderBy(n => n.Key).Select(n => n.Value)];

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private static async Task<string> BodyAsync(HttpContext context) =>
        (await JsonDocument.ParseAsync(context.Request.Body)).RootElement.GetProperty("body").GetString()!;
}
