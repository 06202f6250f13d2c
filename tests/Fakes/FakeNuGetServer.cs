using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Pipeline.Tests.Fakes;

/// <summary>A NuGet v3 server's service index and PackagePublish/2.0.0 endpoint (201 created, 409 for a version it has, 403 for a wrong key).</summary>
public sealed class FakeNuGetServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private FakeNuGetServer(WebApplication app) => this.app = app;

    public ConcurrentQueue<string> Received { get; } = new();

    public string ServiceIndex { get; private set; } = "";

    public static async Task<FakeNuGetServer> StartAsync(string key)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var server = new FakeNuGetServer(builder.Build());
        var root = "";
        server.app.MapGet("/v3/index.json", () => Results.Json(new Dictionary<string, object>
        {
            ["version"] = "3.0.0",
            ["resources"] = new[] { new Dictionary<string, string> { ["@id"] = root + "/api/v2/package", ["@type"] = "PackagePublish/2.0.0" } },
        }));
        server.app.MapPut("/api/v2/package", async (HttpContext context) =>
        {
            if (context.Request.Headers["X-NuGet-ApiKey"] != key)
                return Results.StatusCode(403);
            var form = await context.Request.ReadFormAsync();
            using var reader = new StreamReader(form.Files.Single().OpenReadStream());
            var body = await reader.ReadToEndAsync();
            if (server.Received.Contains(body))
                return Results.StatusCode(409);
            server.Received.Enqueue(body);
            return Results.StatusCode(201);
        });
        await server.app.StartAsync();
        root = server.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.ServiceIndex = root + "/v3/index.json";
        return server;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
