using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Pipeline.Tests.Fakes;

/// <summary>
/// An in-process fake of Google Cloud Storage's JSON API on 127.0.0.1, with the documented semantics the artifact
/// store relies on: OAuth token endpoint (service-account JWT grant), bearer-token checks (401), object metadata,
/// <c>alt=media</c> downloads with <c>Range</c>, listing with <c>prefix</c> and <c>pageToken</c>, media uploads and
/// resumable sessions (<c>Content-Range</c>, 308 with <c>Range</c>, status queries with <c>bytes */N</c>, chunks in
/// multiples of 256 KiB), <c>ifGenerationMatch</c> preconditions (412), and injected faults: 429/503 answers and
/// connections dropped part-way through an upload or a download.
/// </summary>
public sealed class FakeGcs : IAsyncDisposable
{
    private const int ChunkGranularity = 256 * 1024;
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, StoredObject> objects = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, UploadSession> sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<int> injectedStatuses = new();
    private readonly ConcurrentDictionary<string, bool> issuedTokens = new(StringComparer.Ordinal);
    private long generation = 1_700_000_000_000_000;
    private long dropUploadAfter = -1;
    private long dropDownloadAfter = -1;
    private int dropEveryNthDownload;
    private long dropEveryNthAfter;
    private int downloads;
    private long uploadedBytes;
    private bool expireSessionOnDrop;

    public FakeGcs(int pageSize = 1000)
    {
        PageSize = pageSize;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(options => options.Limits.MaxRequestBodySize = null);
        builder.Logging.ClearProviders();
        builder.Services.AddRequestDecompression(); // Google's client gzips JSON request bodies (Content-Encoding: gzip), as Cloud Storage accepts
        app = builder.Build();
        app.UseRequestDecompression();
        app.Use(async (context, next) =>
        {
            var range = context.Request.Headers.ContentRange.ToString();
            Requests.Enqueue($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}{(range.Length > 0 ? " " + range : "")}");
            if (context.Request.Path.StartsWithSegments("/token"))
            {
                await next();
                return;
            }

            var authorization = context.Request.Headers.Authorization.ToString();
            if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal) || !issuedTokens.ContainsKey(authorization[7..]))
            {
                await Error(context, 401, "Invalid Credentials");
                return;
            }

            if (injectedStatuses.TryDequeue(out var status))
            {
                if (RetryAfterSeconds is { } seconds)
                    context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await Error(context, status, status == 429 ? "The rate of change requests to the object is too high." : "Backend Error");
                return;
            }

            await next();
        });
        app.MapPost("/token", async context =>
        {
            var form = await context.Request.ReadFormAsync();
            if (RejectTokenRequests || form["grant_type"] != "urn:ietf:params:oauth:grant-type:jwt-bearer" || string.IsNullOrEmpty(form["assertion"]))
            {
                context.Response.StatusCode = 400;
                await context.Response.WriteAsJsonAsync(new Dictionary<string, string> { ["error"] = "invalid_grant", ["error_description"] = "Invalid JWT Signature." });
                return;
            }

            var token = "ya29.fake-gcs-" + Guid.NewGuid().ToString("N");
            issuedTokens[token] = true;
            await context.Response.WriteAsJsonAsync(new Dictionary<string, object> { ["access_token"] = token, ["expires_in"] = 3600, ["token_type"] = "Bearer" });
        });
        app.MapGet("/storage/v1/b/{bucket}/o", (string bucket, HttpContext context) => List(bucket, context));
        app.MapGet("/storage/v1/b/{bucket}/o/{**name}", (string bucket, string name, HttpContext context) => GetAsync(bucket, Uri.UnescapeDataString(name), context));
        app.MapPost("/upload/storage/v1/b/{bucket}/o", (string bucket, HttpContext context) => UploadAsync(bucket, context));
        app.MapPut("/upload/storage/v1/b/{bucket}/o", (string bucket, HttpContext context) => ContinueSessionAsync(context));
        app.StartAsync().GetAwaiter().GetResult();
        Url = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single() + "/");
    }

    /// <summary>The base address, like https://storage.googleapis.com/.</summary>
    public Uri Url { get; }

    /// <summary>Items per page of a listing.</summary>
    public int PageSize { get; }

    /// <summary>Every request, as "METHOD /path?query [Content-Range]".</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>Injected failures carry <c>Retry-After</c> with this many seconds.</summary>
    public int? RetryAfterSeconds { get; set; }

    /// <summary>The token endpoint answers invalid_grant, as for a deleted or disabled key.</summary>
    public bool RejectTokenRequests { get; set; }

    /// <summary>Upload body bytes received over all requests (resent bytes count twice).</summary>
    public long UploadedBytes => Interlocked.Read(ref uploadedBytes);

    /// <summary>Tokens the token endpoint has handed out.</summary>
    public IReadOnlyCollection<string> IssuedTokens => issuedTokens.Keys.ToList();

    /// <summary>The next storage requests get these statuses instead of an answer, in order.</summary>
    public void FailNextRequests(params int[] statuses)
    {
        foreach (var status in statuses)
            injectedStatuses.Enqueue(status);
    }

    /// <summary>The next chunk upload is cut after this many bytes of its body; the bytes received are kept, or the session is dropped too (it expired meanwhile).</summary>
    public void DropNextUploadAfter(long bytes, bool expireSession = false)
    {
        expireSessionOnDrop = expireSession;
        Interlocked.Exchange(ref dropUploadAfter, bytes);
    }

    /// <summary>The next download is cut after this many bytes.</summary>
    public void DropNextDownloadAfter(long bytes) => Interlocked.Exchange(ref dropDownloadAfter, bytes);

    /// <summary>From now on every <paramref name="n"/>th download (resumed ones included) is cut after <paramref name="bytes"/> bytes, as a flaky network does.</summary>
    public void DropEveryNthDownload(int n, long bytes)
    {
        dropEveryNthAfter = bytes;
        Volatile.Write(ref dropEveryNthDownload, n);
    }

    /// <summary>Puts an object directly, as another writer would.</summary>
    public void Put(string bucket, string name, byte[] content) => objects[Key(bucket, name)] = new StoredObject(content, Interlocked.Increment(ref generation));

    /// <summary>The object's bytes, or null.</summary>
    public byte[]? Get(string bucket, string name) => objects.TryGetValue(Key(bucket, name), out var stored) ? stored.Content : null;

    /// <summary>The object's generation, or null.</summary>
    public long? GenerationOf(string bucket, string name) => objects.TryGetValue(Key(bucket, name), out var stored) ? stored.Generation : null;

    /// <summary>Names of the objects in a bucket.</summary>
    public IReadOnlyList<string> Names(string bucket) =>
        objects.Keys.Where(key => key.StartsWith(bucket + "/", StringComparison.Ordinal)).Select(key => key[(bucket.Length + 1)..]).Order(StringComparer.Ordinal).ToList();

    /// <summary>Accepts a token issued elsewhere (workload identity federation's STS).</summary>
    public void AcceptToken(string token) => issuedTokens[token] = true;

    /// <summary>A service-account key whose token_uri is this fake's token endpoint.</summary>
    public string ServiceAccountKey() => ServiceAccountKeys.Create(Url + "token");

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private IResult List(string bucket, HttpContext context)
    {
        var prefix = context.Request.Query["prefix"].ToString();
        var names = Names(bucket).Where(name => name.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        var start = int.TryParse(context.Request.Query["pageToken"], out var token) ? token : 0;
        var page = names.Skip(start).Take(PageSize).Select(name => Metadata(bucket, name, objects[Key(bucket, name)])).ToList();
        var result = new Dictionary<string, object> { ["kind"] = "storage#objects", ["items"] = page };
        if (start + PageSize < names.Count)
            result["nextPageToken"] = (start + PageSize).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.Json(result);
    }

    private async Task GetAsync(string bucket, string name, HttpContext context)
    {
        if (!objects.TryGetValue(Key(bucket, name), out var stored))
        {
            await Error(context, 404, $"No such object: {bucket}/{name}");
            return;
        }

        if (context.Request.Query["alt"] != "media")
        {
            await context.Response.WriteAsJsonAsync(Metadata(bucket, name, stored));
            return;
        }

        var from = 0L;
        var to = stored.Content.Length - 1L;
        var range = context.Request.Headers.Range.ToString();
        if (range.StartsWith("bytes=", StringComparison.Ordinal) && range[6..].Split('-') is [var first, var last])
        {
            // bytes=N- (the rest) or bytes=N-M (Google's client asks for chunks), as Cloud Storage serves them
            from = long.Parse(first, System.Globalization.CultureInfo.InvariantCulture);
            if (last.Length > 0)
                to = Math.Min(to, long.Parse(last, System.Globalization.CultureInfo.InvariantCulture));
            if (from >= stored.Content.Length)
            {
                context.Response.StatusCode = 416;
                context.Response.Headers.ContentRange = $"bytes */{stored.Content.Length}";
                return;
            }

            context.Response.StatusCode = 206;
            context.Response.Headers.ContentRange = $"bytes {from}-{to}/{stored.Content.Length}";
        }

        context.Response.ContentType = "application/octet-stream";
        context.Response.ContentLength = to - from + 1;
        var drop = Interlocked.Exchange(ref dropDownloadAfter, -1);
        var every = Volatile.Read(ref dropEveryNthDownload);
        if (drop < 0 && every > 0 && Interlocked.Increment(ref downloads) % every == 0)
            drop = dropEveryNthAfter;
        if (drop >= 0)
        {
            await context.Response.Body.WriteAsync(stored.Content.AsMemory((int)from, (int)Math.Min(drop, to - from + 1)));
            await context.Response.Body.FlushAsync();
            context.Abort();
            return;
        }

        await context.Response.Body.WriteAsync(stored.Content.AsMemory((int)from, (int)(to - from + 1)));
    }

    private async Task UploadAsync(string bucket, HttpContext context)
    {
        var name = context.Request.Query["name"].ToString();
        if (name.Length == 0 && context.Request.HasJsonContentType())
        {
            // Google's client names the object in the session's JSON body (the object resource), not in the query
            using var metadata = await System.Text.Json.JsonDocument.ParseAsync(context.Request.Body);
            name = metadata.RootElement.TryGetProperty("name", out var named) ? named.GetString() ?? "" : "";
        }

        if (name.Length == 0)
        {
            await Error(context, 400, "Required parameter: name");
            return;
        }

        var type = context.Request.Query["uploadType"].ToString();
        if (type == "resumable")
        {
            if (await PreconditionFailsAsync(context, bucket, name))
                return;
            var id = Guid.NewGuid().ToString("N");
            long? total = long.TryParse(context.Request.Headers["X-Upload-Content-Length"], out var length) ? length : null;
            sessions[id] = new UploadSession(bucket, name, total, context.Request.Query["ifGenerationMatch"].ToString());
            context.Response.Headers.Location = $"{Url}upload/storage/v1/b/{bucket}/o?uploadType=resumable&upload_id={id}";
            return;
        }

        if (type != "media")
        {
            await Error(context, 400, $"Unsupported uploadType {type}");
            return;
        }

        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        Interlocked.Add(ref uploadedBytes, body.Length);
        if (await PreconditionFailsAsync(context, bucket, name))
            return;
        await StoreAsync(context, bucket, name, body.ToArray());
    }

    private async Task ContinueSessionAsync(HttpContext context)
    {
        if (!sessions.TryGetValue(context.Request.Query["upload_id"].ToString(), out var session))
        {
            await Error(context, 404, "No such upload session.");
            return;
        }

        var contentRange = context.Request.Headers.ContentRange.ToString();
        if (!contentRange.StartsWith("bytes ", StringComparison.Ordinal))
        {
            await Error(context, 400, "Content-Range is required.");
            return;
        }

        var (span, totalText) = (contentRange[6..].Split('/')[0], contentRange[6..].Split('/')[1]);
        long? total = totalText == "*" ? null : long.Parse(totalText, System.Globalization.CultureInfo.InvariantCulture);
        if (span != "*")
        {
            var first = long.Parse(span.Split('-')[0], System.Globalization.CultureInfo.InvariantCulture);
            var last = long.Parse(span.Split('-')[1], System.Globalization.CultureInfo.InvariantCulture);
            if (first != session.Received.Length)
            {
                await Error(context, 400, $"Invalid request. According to the Content-Range header, the upload offset is {first} byte(s), which exceeds already uploaded size of {session.Received.Length} byte(s).");
                return;
            }

            var isFinal = total is not null && last + 1 == total;
            if (!isFinal && (last - first + 1) % ChunkGranularity != 0)
            {
                await Error(context, 400, "Invalid request. The number of bytes uploaded is required to be equal or greater than 262144, except for the final request (it's recommended to be the exact multiple of 262144).");
                return;
            }

            var drop = Interlocked.Exchange(ref dropUploadAfter, -1);
            var buffer = new byte[64 * 1024];
            long received = 0;
            int read;
            while ((read = await context.Request.Body.ReadAsync(buffer)) > 0)
            {
                session.Received.Write(buffer, 0, read);
                received += read;
                Interlocked.Add(ref uploadedBytes, read);
                if (drop >= 0 && received >= drop)
                {
                    if (expireSessionOnDrop)
                        sessions.TryRemove(context.Request.Query["upload_id"].ToString(), out _);
                    context.Abort();
                    return;
                }
            }
        }

        if (total is not null && session.Received.Length == total)
        {
            sessions.TryRemove(context.Request.Query["upload_id"].ToString(), out _);
            if (session.IfGenerationMatch == "0" && objects.ContainsKey(Key(session.Bucket, session.Name)))
            {
                await Error(context, 412, "At least one of the pre-conditions you specified did not hold.");
                return;
            }

            await StoreAsync(context, session.Bucket, session.Name, session.Received.ToArray());
            return;
        }

        context.Response.StatusCode = 308;
        if (session.Received.Length > 0)
            context.Response.Headers.Range = $"bytes=0-{session.Received.Length - 1}";
    }

    private async Task<bool> PreconditionFailsAsync(HttpContext context, string bucket, string name)
    {
        if (context.Request.Query["ifGenerationMatch"] != "0" || !objects.ContainsKey(Key(bucket, name)))
            return false;
        await Error(context, 412, "At least one of the pre-conditions you specified did not hold.");
        return true;
    }

    private async Task StoreAsync(HttpContext context, string bucket, string name, byte[] content)
    {
        var stored = new StoredObject(content, Interlocked.Increment(ref generation));
        objects[Key(bucket, name)] = stored;
        await context.Response.WriteAsJsonAsync(Metadata(bucket, name, stored));
    }

    private static Dictionary<string, object> Metadata(string bucket, string name, StoredObject stored) => new()
    {
        ["kind"] = "storage#object",
        ["bucket"] = bucket,
        ["name"] = name,
        ["generation"] = stored.Generation.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["size"] = stored.Content.Length.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["md5Hash"] = Convert.ToBase64String(MD5.HashData(stored.Content)),
    };

    private static Task Error(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new { error = new { code = status, message, errors = new[] { new { message, reason = "fake" } } } });
    }

    private static string Key(string bucket, string name) => bucket + "/" + name;

    private sealed record StoredObject(byte[] Content, long Generation);

    private sealed record UploadSession(string Bucket, string Name, long? Total, string IfGenerationMatch)
    {
        public MemoryStream Received { get; } = new();
    }
}
