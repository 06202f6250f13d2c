using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Pipeline.Components.Tests.Cloud;

/// <summary>Certificates for fakes: a cluster CA (PEM) as a managed cluster's API returns it; a TLS server certificate for 127.0.0.1.</summary>
internal static class TestCertificates
{
    /// <summary>A self-signed server certificate for 127.0.0.1, with its private key, as Kestrel needs it.</summary>
    public static X509Certificate2 Loopback()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }

    public static string CaPem()
    {
        using var key = RSA.Create(2048);
        using var certificate = new CertificateRequest("CN=cluster-ca", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1).CreateSelfSigned(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1));
        return certificate.ExportCertificatePem();
    }
}
