using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SecureQueue.Cli.Setup;

/// <summary>PEM files of the local CA and of the gateway's server certificate.</summary>
internal sealed record TlsFiles(string CaCertificateFile, string CaKeyFile, string ServerCertificateFile, string ServerKeyFile)
{
    public static TlsFiles In(string directory) => new(
        Path.Combine(directory, "ca.pem"),
        Path.Combine(directory, "ca.key"),
        Path.Combine(directory, "server.pem"),
        Path.Combine(directory, "server.key"));
}

/// <summary>
/// A local certificate authority and a server certificate it signs, so clients verify TLS against a CA
/// bundle instead of switching verification off.
/// </summary>
internal static class LocalCertificates
{
    private static readonly TimeSpan RenewBefore = TimeSpan.FromDays(30);

    // Backdated so a client whose clock runs slightly behind does not reject a certificate issued just now.
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1", "Server Authentication");

    public static TlsFiles Ensure(string directory, DateTimeOffset now, TextWriter output)
    {
        SecretFiles.EnsurePrivateDirectory(directory);
        var files = TlsFiles.In(directory);
        var hostName = MachineHostName();

        var caProblem = Problem(files.CaCertificateFile, files.CaKeyFile, now, out var existingCa);
        using var ca = existingCa ?? IssueCa(files, now, hostName);
        LocalSetup.Report(output, "local CA", files.CaCertificateFile, caProblem);

        var serverProblem = Problem(files.ServerCertificateFile, files.ServerKeyFile, now, out var existingServer)
            ?? ServerProblem(existingServer!, ca, now, hostName);
        using (existingServer)
        {
            if (serverProblem is not null)
            {
                IssueServer(files, ca, now, hostName);
            }
        }

        LocalSetup.Report(output, "server certificate", files.ServerCertificateFile, serverProblem);
        return files;
    }

    /// <summary>Why a certificate and key pair must be (re)issued, or null when it can be reused.</summary>
    private static string? Problem(string certificateFile, string keyFile, DateTimeOffset now, out X509Certificate2? loaded)
    {
        loaded = null;
        if (!File.Exists(certificateFile) || !File.Exists(keyFile))
        {
            return "missing";
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            return "unreadable, or its key does not match";
        }

        var (notBefore, notAfter) = (certificate.NotBefore.ToUniversalTime(), certificate.NotAfter.ToUniversalTime());
        var problem = notAfter - now.UtcDateTime < RenewBefore ? $"expires {notAfter:yyyy-MM-dd}"
            // Issued under a clock that ran ahead: unusable until then, and as an issuer it cannot sign now.
            : notBefore > now.UtcDateTime ? $"not valid until {notBefore:yyyy-MM-dd}"
            : null;
        if (problem is not null)
        {
            certificate.Dispose();
            return problem;
        }

        SecretFiles.Tighten(keyFile);
        loaded = certificate;
        return null;
    }

    private static string? ServerProblem(X509Certificate2 server, X509Certificate2 ca, DateTimeOffset now, string? hostName)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        var issuedByCa = chain.Build(server);
        foreach (var element in chain.ChainElements)
        {
            element.Certificate.Dispose();
        }

        if (!issuedByCa)
        {
            return "not issued by the current local CA";
        }

        var names = server.Extensions.OfType<X509SubjectAlternativeNameExtension>().SelectMany(e => e.EnumerateDnsNames());
        return hostName is null || names.Contains(hostName, StringComparer.OrdinalIgnoreCase)
            ? null
            : $"does not name host '{hostName}'";
    }

    private static X509Certificate2 IssueCa(TlsFiles files, DateTimeOffset now, string? hostName)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedName($"CN=SecureQueue local CA ({hostName ?? "localhost"}), O=SecureQueue development");
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(
            new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var certificate = request.CreateSelfSigned(now - ClockSkew, now.AddYears(10));

        // Key first: a run interrupted between the two writes finds no certificate and issues a fresh pair.
        SecretFiles.WriteSecret(files.CaKeyFile, key.ExportPkcs8PrivateKeyPem());
        SecretFiles.WritePublic(files.CaCertificateFile, certificate.ExportCertificatePem());
        return certificate;
    }

    private static void IssueServer(TlsFiles files, X509Certificate2 ca, DateTimeOffset now, string? hostName)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        if (hostName is not null)
        {
            names.AddDnsName(hostName);
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ServerAuthentication], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));

        // A certificate may not outlive its issuer.
        var notAfter = now.AddYears(1) < ca.NotAfter ? now.AddYears(1) : new DateTimeOffset(ca.NotAfter);
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var certificate = request.Create(ca, now - ClockSkew, notAfter, serial);
        SecretFiles.WriteSecret(files.ServerKeyFile, key.ExportPkcs8PrivateKeyPem());
        SecretFiles.WritePublic(files.ServerCertificateFile, certificate.ExportCertificatePem());
    }

    /// <summary>The machine's host name when it is a valid DNS name other than localhost, else null.</summary>
    private static string? MachineHostName()
    {
        var name = Dns.GetHostName().TrimEnd('.');
        return Uri.CheckHostName(name) == UriHostNameType.Dns && !name.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            ? name.ToLowerInvariant()
            : null;
    }
}
