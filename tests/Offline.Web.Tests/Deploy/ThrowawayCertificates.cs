using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Offline.Web.Tests.Deploy;

/// <summary>
/// A certificate authority made for one test run and a server certificate it issued for 127.0.0.1,
/// ::1 and localhost, written as PEM to a folder: ca.pem (what clients trust), server.pem and
/// server.key (what nginx serves). Valid for one day; nothing of it is kept after the run.
/// </summary>
internal sealed class ThrowawayCertificates : IDisposable
{
    private static readonly TimeSpan Validity = TimeSpan.FromDays(1);

    private ThrowawayCertificates(string folder, X509Certificate2 authority, X509Certificate2 server)
    {
        Folder = folder;
        Authority = authority;
        Server = server;
    }

    public string Folder { get; }

    public X509Certificate2 Authority { get; }

    public X509Certificate2 Server { get; }

    public string AuthorityPemPath => Path.Combine(Folder, "ca.pem");

    public string ServerPemPath => Path.Combine(Folder, "server.pem");

    public string ServerKeyPath => Path.Combine(Folder, "server.key");

    /// <summary>Base64 of SHA-256 of the server certificate's SubjectPublicKeyInfo: what Chromium's --ignore-certificate-errors-spki-list takes.</summary>
    public string ServerSpkiHash => Convert.ToBase64String(SHA256.HashData(Server.PublicKey.ExportSubjectPublicKeyInfo()));

    public static ThrowawayCertificates Create(string folder)
    {
        Directory.CreateDirectory(folder);
        var now = DateTimeOffset.UtcNow;
        using var authorityKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var authorityRequest = new CertificateRequest("CN=Offline throwaway test CA", authorityKey, HashAlgorithmName.SHA256);
        authorityRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        authorityRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        authorityRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(authorityRequest.PublicKey, false));
        var authority = authorityRequest.CreateSelfSigned(now.AddHours(-1), now + Validity);

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        names.AddDnsName("localhost");
        serverRequest.CertificateExtensions.Add(names.Build(true));
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        serverRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));
        using var issued = serverRequest.Create(authority, now.AddHours(-1), now + Validity, RandomNumberGenerator.GetBytes(16));
        var server = issued.CopyWithPrivateKey(serverKey);

        var certificates = new ThrowawayCertificates(folder, authority, server);
        File.WriteAllText(certificates.AuthorityPemPath, authority.ExportCertificatePem() + "\n");
        File.WriteAllText(certificates.ServerPemPath, server.ExportCertificatePem() + "\n");
        File.WriteAllText(certificates.ServerKeyPath, serverKey.ExportPkcs8PrivateKeyPem() + "\n", System.Text.Encoding.ASCII);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(certificates.ServerKeyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return certificates;
    }

    /// <summary>
    /// Full validation of the server's chain against this authority only (not the system's roots,
    /// not "accept anything"): what a client that was given ca.pem does.
    /// </summary>
    public bool Validates(X509Certificate? presented, SslPolicyErrors errors)
    {
        if (presented is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(presented);
        return chain.Build(leaf);
    }

    /// <summary>An HTTP client for the proxy that trusts exactly this authority.</summary>
    public HttpClient NewHttpClient() => new(new SocketsHttpHandler
    {
        SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, certificate, _, errors) => Validates(certificate, errors) },
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromSeconds(5),
    })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    public void Dispose()
    {
        Authority.Dispose();
        Server.Dispose();
    }
}
