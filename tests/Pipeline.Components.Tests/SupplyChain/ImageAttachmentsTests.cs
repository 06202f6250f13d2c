using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Pipeline.Build;
using Pipeline.Components.SupplyChain;
using Pipeline.Tests.Shared;

namespace Pipeline.Components.Tests.SupplyChain;

/// <summary>The bill of materials and cosign signatures attached to an image in a real registry, the signature checked by openssl.</summary>
[CancelAfter(60_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class ImageAttachmentsTests : TemporaryFolderTests
{
    private const string Repository = "team/iris";
    private static readonly byte[] Bom = Encoding.UTF8.GetBytes("""{"bomFormat":"CycloneDX","specVersion":"1.6","version":1}""");
    private static readonly byte[] Statement = SampleProvenance.Statement("sha256:" + new string('c', 64), "0a1b2c3-dirty");
    private LocalRegistryProcess registry = null!;
    private string digest = null!;
    private ECDsa key = null!;

    [SetUp]
    public async Task StartRegistry()
    {
        registry = await LocalRegistryProcess.StartAsync(Folder, TestContext.CurrentContext.CancellationToken);
        digest = await registry.PushImageAsync(Repository, "v1", "a layer", TestContext.CurrentContext.CancellationToken);
        key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    }

    [TearDown]
    public async Task StopRegistry()
    {
        key.Dispose();
        await registry.DisposeAsync();
    }

    [Test]
    public async Task Should_AttachTheBomAndASignatureOpensslVerifies_ThenNothingNewForTheSameImage()
    {
        var log = new RecordingLog();
        var artifacts = Artifacts();

        await ImageAttachments.AttachAsync(artifacts, ImageName, digest, Bom, Statement, key, log, TestContext.CurrentContext.CancellationToken);
        var sbom = await artifacts.GetManifestAsync(RegistryArtifacts.TagOf(digest, "sbom"), TestContext.CurrentContext.CancellationToken);
        var signature = (await ImageAttachments.SignaturesAsync(artifacts, digest, TestContext.CurrentContext.CancellationToken)).Single();
        var again = new RecordingLog();
        await ImageAttachments.AttachAsync(artifacts, ImageName, digest, Bom, Statement, key, again, TestContext.CurrentContext.CancellationToken);

        Assert.That(Encoding.UTF8.GetString(sbom!.Value.Content), Does.Contain("application/vnd.cyclonedx+json").And.Contain(RegistryArtifacts.DigestOf(Bom)));
        Assert.That(CosignSignature.SignedDigest(signature.Payload), Is.EqualTo(digest));
        Assert.That(await OpensslVerifiesAsync(signature.Payload, signature.Signature), Is.True, "an independent tool accepts the signature");
        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(signature.Payload).Replace(digest, "sha256:" + new string('0', 64), StringComparison.Ordinal));
        Assert.That(await OpensslVerifiesAsync(tampered, signature.Signature), Is.False, "and refuses a tampered payload");
        Assert.That(again.Lines, Has.Some.Contains("already carries its bill of materials").And.Some.Contains("already signed with this key"), "an unchanged image gets nothing new");
        Assert.That((await ImageAttachments.SignaturesAsync(artifacts, digest, TestContext.CurrentContext.CancellationToken)).Count, Is.EqualTo(1));
    }

    [Test]
    public async Task Should_AttachTheProvenanceAsAnAttestation_UnsignedThenSignedBeside_WithADsseSignatureOpensslVerifies()
    {
        var token = TestContext.CurrentContext.CancellationToken;
        var artifacts = Artifacts();
        var first = new RecordingLog();
        await ImageAttachments.AttachAsync(artifacts, ImageName, digest, Bom, Statement, signingKey: null, first, token);
        var unsigned = (await ImageAttachments.AttestationsAsync(artifacts, digest, token)).Single();
        var signedLog = new RecordingLog();
        await ImageAttachments.AttachAsync(artifacts, ImageName, digest, Bom, Statement, key, signedLog, token);
        var again = new RecordingLog();
        await ImageAttachments.AttachAsync(artifacts, ImageName, digest, Bom, Statement, key, again, token);
        var attestations = await ImageAttachments.AttestationsAsync(artifacts, digest, token);
        var inspection = await ImageInspection.DescribeAsync(artifacts, ImageName, digest, key, token);

        Assert.That(unsigned.PredicateType, Is.EqualTo(SlsaProvenance.PredicateType));
        Assert.That(DsseEnvelope.Read(unsigned.Envelope)!.Value.Signatures, Is.Empty);
        Assert.That(DsseEnvelope.Read(unsigned.Envelope)!.Value.Payload, Is.EqualTo(Statement));
        Assert.That(first.Lines, Has.Some.Contains("as :" + RegistryArtifacts.TagOf(digest, "att")).And.Some.Contains("unsigned: sign it with --signing-key"));
        Assert.That(attestations, Has.Count.EqualTo(2), "the signed envelope beside the unsigned one, and nothing more the third time");
        Assert.That(again.Lines, Has.Some.Contains("already carries its provenance"));
        var signed = DsseEnvelope.Read(attestations[1].Envelope)!.Value;
        var preAuthentication = DsseEnvelope.PreAuthenticationEncoding(signed.PayloadType, signed.Payload);
        Assert.That(Encoding.UTF8.GetString(preAuthentication), Does.StartWith($"DSSEv1 28 application/vnd.in-toto+json {Statement.Length} "));
        Assert.That(await OpensslVerifiesAsync(preAuthentication, signed.Signatures.Single()), Is.True, "an independent tool accepts the envelope's signature");
        var tampered = DsseEnvelope.PreAuthenticationEncoding(signed.PayloadType, Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(signed.Payload).Replace("\"dirty\":true", "\"dirty\":false", StringComparison.Ordinal)));
        Assert.That(await OpensslVerifiesAsync(tampered, signed.Signatures.Single()), Is.False, "and refuses a statement whose dirty flag was flipped");
        Assert.That(inspection, Does.Contain("Provenance (:" + RegistryArtifacts.TagOf(digest, "att") + ", SLSA v1, signed, verified by --verification-key)")
            .And.Contain("built by urn:pipeline:builder:local from https://example.com/team/iris at 0a1b2c3 (dirty work tree)"));
    }

    [Test]
    public async Task Should_ReadThePushedImagesArchitectureAndLabels_FromItsConfigInTheRegistry()
    {
        var token = TestContext.CurrentContext.CancellationToken;
        var labelled = await registry.PushImageAsync(Repository, "v2", "another layer", token, new Dictionary<string, string> { [Pipeline.Components.Containers.OfflineBaseImage.PackagesLabel] = "libc6=2.41-12" });

        var configuration = await ImageConfiguration.ReadAsync(Artifacts(), labelled, token);
        var bare = await ImageConfiguration.ReadAsync(Artifacts(), digest, token);

        Assert.That(configuration.Architecture, Is.EqualTo("amd64"));
        Assert.That(DebianPackage.FromLabels(configuration.Labels, configuration.Architecture).Single().Purl, Is.EqualTo("pkg:deb/debian/libc6@2.41-12?arch=amd64"));
        Assert.That(bare.Labels, Is.Empty);
    }

    [Test]
    public async Task Should_RefuseAnUnsignedImage_AndOneSignedByAnotherKey_NamingTheDigest()
    {
        var artifacts = Artifacts();
        var unsigned = await Assert.ThrowsAsync<TargetFailedException>(() => ImageAttachments.VerifyAsync(artifacts, ImageName, digest, key, TestContext.CurrentContext.CancellationToken));
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await ImageAttachments.AttachAsync(artifacts, ImageName, digest, Bom, Statement, other, new RecordingLog(), TestContext.CurrentContext.CancellationToken);
        var foreign = await Assert.ThrowsAsync<TargetFailedException>(() => ImageAttachments.VerifyAsync(artifacts, ImageName, digest, key, TestContext.CurrentContext.CancellationToken));
        await ImageAttachments.AttachAsync(artifacts, ImageName, digest, Bom, Statement, key, new RecordingLog(), TestContext.CurrentContext.CancellationToken);

        Assert.That(unsigned!.Message, Does.Contain($"{ImageName}@{digest} carries no signature").And.Contain(".sig is missing"));
        Assert.That(foreign!.Message, Does.Contain("none made by the --verification-key's key"));
        await Assert.DoesNotThrowAsync(() => ImageAttachments.VerifyAsync(artifacts, ImageName, digest, key, TestContext.CurrentContext.CancellationToken), "signed by this key now, beside the other");
    }

    private string ImageName => $"{registry.Address}/{Repository}";

    private RegistryArtifacts Artifacts() => new(new HttpClient(), registry.Address, Repository, credentials: null);

    private async Task<bool> OpensslVerifiesAsync(byte[] payload, string signature)
    {
        var payloadFile = Path.Combine(Folder, "payload.json");
        var signatureFile = Path.Combine(Folder, "signature.der");
        var publicFile = Path.Combine(Folder, "verification.pem");
        await File.WriteAllBytesAsync(payloadFile, payload);
        await File.WriteAllBytesAsync(signatureFile, Convert.FromBase64String(signature));
        await File.WriteAllTextAsync(publicFile, key.ExportSubjectPublicKeyInfoPem());
        using var openssl = Process.Start(new ProcessStartInfo("openssl", ["dgst", "-sha256", "-verify", publicFile, "-signature", signatureFile, payloadFile]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = await openssl.StandardOutput.ReadToEndAsync(TestContext.CurrentContext.CancellationToken);
        await openssl.WaitForExitAsync(TestContext.CurrentContext.CancellationToken);
        return openssl.ExitCode == 0 && output.Contains("Verified OK", StringComparison.Ordinal);
    }
}
