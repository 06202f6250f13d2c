using System.Security.Cryptography;
using Pipeline.Build;
using Pipeline.Build.Caching;
using Pipeline.Components.Storage;
using Pipeline.Tests.Fakes;
using Pipeline.Tests.Shared;

namespace Pipeline.Components.Tests.Storage;

/// <summary>The Cloud Storage artifact store against the in-process fake of the JSON API (real HTTP, real Google.Apis.Auth token exchange).</summary>
[CancelAfter(120_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class GcsArtifactStoreTests
{
    private const string Bucket = "ml-artifacts";
    private static readonly GcsOptions SmallChunks = new() { ChunkSize = 256 * 1024, RetryDelay = TimeSpan.FromMilliseconds(5), MaxRetries = 4 };
    private FakeGcs gcs = null!;
    private RecordingLog log = null!;
    private string directory = null!;
    private HttpClient http = null!;

    [SetUp]
    public void Start()
    {
        gcs = new FakeGcs(pageSize: 2);
        log = new RecordingLog();
        http = new HttpClient();
        directory = Path.Combine(Path.GetTempPath(), "pipeline-gcs-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
    }

    [TearDown]
    public async Task Stop()
    {
        await gcs.DisposeAsync();
        http.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    [Test]
    public async Task Should_RoundTripASmallFile_InOneRequestOfASession()
    {
        var (path, hash) = File("metrics.json", 2_000);
        var store = Store();

        await store.PutAsync(hash, path, null, TestContext.CurrentContext.CancellationToken);
        var found = await store.TryGetAsync(hash, Path.Combine(directory, "restored/metrics.json"), null, TestContext.CurrentContext.CancellationToken);

        Assert.That(found, Is.True);
        Assert.That(System.IO.File.ReadAllBytes(Path.Combine(directory, "restored/metrics.json")), Is.EqualTo(System.IO.File.ReadAllBytes(path)));
        Assert.That(gcs.Names(Bucket), Is.EqualTo(new[] { $"cache/files/sha256/{hash[..2]}/{hash[2..]}" }));
        Assert.That(gcs.Requests, Has.One.Matches<string>(r => r!.StartsWith("POST /upload/storage/v1/b/ml-artifacts/o?", StringComparison.Ordinal) && r.Contains("uploadType=resumable") && r.Contains("ifGenerationMatch=0")));
        Assert.That(gcs.Requests.Count(r => r.StartsWith("PUT /upload/", StringComparison.Ordinal)), Is.EqualTo(1), "the whole file in one request");
    }

    [Test]
    public async Task Should_UploadALargeFileInChunks_OfAResumableSession()
    {
        var (path, hash) = File("model.zip", 1_100_000);

        await Store().PutAsync(hash, path, null, TestContext.CurrentContext.CancellationToken);

        Assert.That(gcs.Get(Bucket, $"cache/files/sha256/{hash[..2]}/{hash[2..]}"), Is.EqualTo(System.IO.File.ReadAllBytes(path)));
        Assert.That(gcs.Requests.Count(r => r.StartsWith("PUT /upload/", StringComparison.Ordinal)), Is.EqualTo(5), "1,100,000 bytes in 256 KiB chunks");
        Assert.That(gcs.UploadedBytes, Is.EqualTo(1_100_000));
    }

    [Test]
    public async Task Should_ResumeFromWhatTheSessionHolds_WhenTheConnectionDropsMidUpload()
    {
        var (path, hash) = File("model.zip", 1_100_000);
        gcs.DropNextUploadAfter(100_000);

        await Store().PutAsync(hash, path, null, TestContext.CurrentContext.CancellationToken);

        Assert.That(gcs.Get(Bucket, $"cache/files/sha256/{hash[..2]}/{hash[2..]}"), Is.EqualTo(System.IO.File.ReadAllBytes(path)));
        Assert.That(gcs.Requests, Has.One.EndsWith("bytes */1100000"), "the session was asked what it holds");
        Assert.That(gcs.Requests.Count(r => r.StartsWith("POST", StringComparison.Ordinal) && r.Contains("uploadType=resumable")), Is.EqualTo(1), "the same session went on");
        Assert.That(gcs.UploadedBytes, Is.LessThan(1_100_000 + 262_144), "at most the cut chunk was sent again");
    }

    [Test]
    public async Task Should_StartANewSession_WhenTheCutSessionHasExpired()
    {
        var (path, hash) = File("model.zip", 1_100_000);
        gcs.DropNextUploadAfter(100_000, expireSession: true);

        await Store().PutAsync(hash, path, null, TestContext.CurrentContext.CancellationToken);

        Assert.That(gcs.Get(Bucket, $"cache/files/sha256/{hash[..2]}/{hash[2..]}"), Is.EqualTo(System.IO.File.ReadAllBytes(path)));
        Assert.That(gcs.Requests.Count(r => r.StartsWith("POST", StringComparison.Ordinal) && r.Contains("uploadType=resumable")), Is.EqualTo(2));
    }

    [Test]
    public async Task Should_ResumeADownload_WithRange_WhenTheConnectionDrops()
    {
        var (path, hash) = File("model.zip", 1_100_000);
        var store = Store();
        await store.PutAsync(hash, path, null, TestContext.CurrentContext.CancellationToken);
        gcs.DropNextDownloadAfter(300_000);

        var found = await store.TryGetAsync(hash, Path.Combine(directory, "restored.zip"), null, TestContext.CurrentContext.CancellationToken);

        Assert.That(found, Is.True);
        Assert.That(System.IO.File.ReadAllBytes(Path.Combine(directory, "restored.zip")), Is.EqualTo(System.IO.File.ReadAllBytes(path)));
        Assert.That(gcs.Requests.Count(r => r.Contains("alt=media", StringComparison.Ordinal)), Is.EqualTo(2));
    }

    [Test]
    public async Task Should_RestoreEveryFileIntact_GivenManyFilesAndAConnectionThatDropsEveryThirdDownload()
    {
        // a cut may reach the client before any byte does, and parallel downloads share the fake's counter: with 5
        // attempts one of 60 files ran out now and then (interleaved, its attempts all landed on every third request)
        var store = Store(options: SmallChunks with { MaxRetries = 8 });
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        var originals = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        for (var i = 0; i < 60; i++)
        {
            var (path, hash) = File($"shard-{i}.bin", 25_000 + i);
            await store.PutAsync(hash, path, null, TestContext.CurrentContext.CancellationToken);
            files[Path.GetFileName(path)] = hash;
            originals[Path.GetFileName(path)] = System.IO.File.ReadAllBytes(path);
            System.IO.File.Delete(path);
        }

        gcs.FailNextRequests(503, 429);
        gcs.DropEveryNthDownload(3, 10_000);
        var missing = await new ArtifactTransfer(store, pull: true, push: false, parallelism: 8, log).RestoreAsync(directory, files, TestContext.CurrentContext.CancellationToken);

        Assert.That(missing, Is.Empty);
        foreach (var (name, bytes) in originals)
            Assert.That(System.IO.File.ReadAllBytes(Path.Combine(directory, name)), Is.EqualTo(bytes), name);
        Assert.That(Directory.GetFiles(directory), Has.Length.EqualTo(60), "no partial or temporary file is left beside the restored ones");
        Assert.That(gcs.Requests.Count(r => r.Contains("alt=media", StringComparison.Ordinal)), Is.GreaterThanOrEqualTo(80), "a third of the downloads were cut and resumed");
    }

    [Test]
    public async Task Should_TreatAPreconditionConflict_AsAlreadyStored()
    {
        var (path, hash) = File("metrics.json", 2_000);
        var name = $"cache/files/sha256/{hash[..2]}/{hash[2..]}";
        gcs.Put(Bucket, name, System.IO.File.ReadAllBytes(path)); // another job stored it first
        var generation = gcs.GenerationOf(Bucket, name);

        await Store().PutAsync(hash, path, null, TestContext.CurrentContext.CancellationToken);

        Assert.That(gcs.GenerationOf(Bucket, name), Is.EqualTo(generation), "written once");
        Assert.That(gcs.Requests.Count(r => r.StartsWith("POST /upload/", StringComparison.Ordinal)), Is.EqualTo(1));
    }

    [Test]
    public async Task Should_RetryRateLimitsAndBackendErrors()
    {
        var (path, hash) = File("metrics.json", 2_000);
        gcs.FailNextRequests(429, 503, 503);

        await Store().PutAsync(hash, path, null, TestContext.CurrentContext.CancellationToken);

        Assert.That(gcs.Names(Bucket), Has.Count.EqualTo(1));
        Assert.That(gcs.Requests.Count(r => r.StartsWith("POST /upload/", StringComparison.Ordinal)), Is.EqualTo(4));
    }

    [Test]
    public async Task Should_WaitAsLongAsRetryAfterSays_GivenARateLimit()
    {
        var (path, hash) = File("metrics.json", 2_000);
        gcs.RetryAfterSeconds = 1;
        gcs.FailNextRequests(429);
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();

        await Store().PutAsync(hash, path, null, TestContext.CurrentContext.CancellationToken);

        Assert.That(stopwatch.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(900)), "the configured first delay is 5 ms; only Retry-After explains a wait");
        Assert.That(gcs.Names(Bucket), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Should_ReportTheStoreUnavailable_AfterTheRetriesRunOut()
    {
        var (path, hash) = File("metrics.json", 2_000);
        gcs.FailNextRequests(503, 503, 503, 503, 503, 503);

        var error = await Assert.ThrowsAsync<ArtifactStoreUnavailableException>(() => Store().PutAsync(hash, path, null, TestContext.CurrentContext.CancellationToken));

        Assert.That(error!.Message, Does.Contain("gs://ml-artifacts").And.Contain("5 attempts").And.Contain("503"));
    }

    [Test]
    public async Task Should_MissWithoutFailing_WhenTheObjectIsAbsent()
    {
        var found = await Store().TryGetAsync(new string('a', 64), Path.Combine(directory, "nothing"), null, TestContext.CurrentContext.CancellationToken);

        Assert.That(found, Is.False);
        Assert.That(System.IO.File.Exists(Path.Combine(directory, "nothing")), Is.False);
    }

    [Test]
    public async Task Should_RejectACorruptObject_AndWriteNothing()
    {
        var (_, hash) = File("metrics.json", 2_000);
        gcs.Put(Bucket, $"cache/files/sha256/{hash[..2]}/{hash[2..]}", [1, 2, 3]);

        var found = await Store().TryGetAsync(hash, Path.Combine(directory, "restored.json"), null, TestContext.CurrentContext.CancellationToken);

        Assert.That(found, Is.False);
        Assert.That(System.IO.File.Exists(Path.Combine(directory, "restored.json")), Is.False);
        Assert.That(log.Lines, Has.Some.Contains("does not match its hash"));
    }

    [Test]
    public async Task Should_FindManyObjects_ByListingTheirShards_AcrossPages()
    {
        var store = Store();
        var hashes = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            var (path, hash) = File($"part-{i}.csv", 100 + i);
            hashes.Add(hash);
            if (i % 2 == 0)
                await store.PutAsync(hash, path, null, TestContext.CurrentContext.CancellationToken);
        }

        foreach (var other in new[] { "0", "1", "2" }) // other objects in the first hash's shard: its listing takes two pages
            gcs.Put(Bucket, $"cache/files/sha256/{hashes[0][..2]}/{new string(other[0], 62)}", [1]);

        gcs.Requests.Clear();
        var found = await store.FindAsync(hashes, TestContext.CurrentContext.CancellationToken);

        Assert.That(found, Is.EquivalentTo(hashes.Where((_, i) => i % 2 == 0)));
        Assert.That(gcs.Requests, Has.All.StartsWith("GET /storage/v1/b/ml-artifacts/o?").And.All.Contains("prefix=cache%2Ffiles%2Fsha256%2F"));
        Assert.That(gcs.Requests, Has.Some.Contains("pageToken="), "a listing went past its first page");
    }

    [Test]
    public async Task Should_NameTheFix_WhenGoogleRefusesTheKey_AndNeverPrintTheKey()
    {
        gcs.RejectTokenRequests = true;
        var key = gcs.ServiceAccountKey();
        var (path, hash) = File("metrics.json", 2_000);

        var error = await Assert.ThrowsAsync<GcsAccessException>(() => Store(key).PutAsync(hash, path, null, TestContext.CurrentContext.CancellationToken));

        Assert.That(error!.Message, Does.Contain("invalid_grant").And.Contain("create a new key"));
        Assert.That(error!.Message, Does.Not.Contain("PRIVATE KEY"));
    }

    [Test]
    public async Task Should_MaskTheAccessToken_AndNeverPutItInMessages()
    {
        var (path, hash) = File("metrics.json", 2_000);
        gcs.FailNextRequests(503, 503, 503, 503, 503);
        var store = Store();

        var error = await Assert.ThrowsAsync<ArtifactStoreUnavailableException>(() => store.PutAsync(hash, path, null, TestContext.CurrentContext.CancellationToken));

        var token = gcs.IssuedTokens.Single();
        Assert.That(log.MaskedSecrets, Does.Contain(token));
        Assert.That(error!.ToString(), Does.Not.Contain(token));
        Assert.That(log.Lines, Has.None.Contains(token));
    }

    [Test]
    public async Task Should_SayHowToGrantAccess_WhenTheBucketForbids()
    {
        var (path, hash) = File("metrics.json", 2_000);
        gcs.FailNextRequests(403);

        var error = await Assert.ThrowsAsync<GcsAccessException>(() => Store().PutAsync(hash, path, null, TestContext.CurrentContext.CancellationToken));

        Assert.That(error!.Message, Does.Contain("roles/storage.objectUser"));
    }

    private GcsArtifactStore Store(string? key = null, GcsOptions? options = null) =>
        GcsArtifactStore.Create(GcsLocation.Parse($"gs://{Bucket}/cache"), gcs.Url, key ?? gcs.ServiceAccountKey(), options ?? SmallChunks, log);

    private (string Path, string Hash) File(string name, int size)
    {
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        var path = Path.Combine(directory, name);
        System.IO.File.WriteAllBytes(path, bytes);
        return (path, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }
}
