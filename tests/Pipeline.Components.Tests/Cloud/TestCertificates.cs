using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Pipeline.Components.Tests.Cloud;

/// <summary>A cluster CA certificate (PEM) as a managed cluster's API returns it.</summary>
internal static class TestCertificates
{
    public static string CaPem()
    {
        using var key = RSA.Create(2048);
        using var certificate = new CertificateRequest("CN=cluster-ca", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1).CreateSelfSigned(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1));
        return certificate.ExportCertificatePem();
    }
}
