using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ProjectScout.Sandbox.Hosting;

/// <summary>
/// The sandbox's TLS identity: a self-signed certificate for 127.0.0.1 made at start and never written with its key.
/// Clients trust it by pinning (comparing the exact certificate), never by adding it to a trust store.
/// </summary>
public static class SandboxCertificate
{
    /// <summary>A new self-signed server certificate (ECDSA P-256, SAN 127.0.0.1 and localhost, valid one day).</summary>
    internal static X509Certificate2 Create(TimeProvider clock)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=ProjectScout Sandbox", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = clock.GetUtcNow();
        using var created = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));

        // Kestrel on Linux needs the key in an exportable PFX form; it stays in memory only.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }

    /// <summary>True when the server presented exactly <paramref name="pinned"/> (same DER bytes), whatever the chain says.</summary>
    public static bool IsPinned(X509Certificate? presented, X509Certificate2 pinned) =>
        presented is not null && presented.GetRawCertData().AsSpan().SequenceEqual(pinned.RawData);

    /// <summary>
    /// A handler that accepts only the pinned sandbox certificate. Use it for sandbox clients only; every other
    /// environment keeps the platform's normal validation.
    /// </summary>
    public static SocketsHttpHandler CreatePinnedHandler(X509Certificate2 pinned) => new()
    {
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, _) => IsPinned(certificate, pinned),
        },
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    };

    /// <summary>The public certificate as PEM, to hand to a client in another process.</summary>
    public static string ToPem(X509Certificate2 certificate) => certificate.ExportCertificatePem() + "\n";
}
