using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SecureQueue.Gateway.Authentication.Certificates;

/// <summary>
/// Validates a client certificate chain against the configured CA bundle only (not the system store), and
/// requires the certificate to carry an extended key usage extension that names client authentication.
/// </summary>
public sealed class ClientCertificateValidator(X509Certificate2Collection roots)
{
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    public static ClientCertificateValidator Load(string bundleFile)
    {
        if (!File.Exists(bundleFile))
        {
            throw new InvalidOperationException($"SecureQueue:ClientCertificates:CaBundleFile points to '{bundleFile}', which does not exist.");
        }

        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(bundleFile);
        return roots.Count > 0
            ? new ClientCertificateValidator(roots)
            : throw new InvalidOperationException($"SecureQueue:ClientCertificates:CaBundleFile '{bundleFile}' holds no certificate.");
    }

    /// <summary>Why the certificate is refused (the chain's status flags, or the missing usage); null when it is accepted.</summary>
    public string? Refusal(X509Certificate2 certificate)
    {
        // The chain's application policy only restricts certificates that declare usages; one without the extension
        // would pass it, so the leaf itself must name client authentication.
        if (!certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Any(e => e.EnhancedKeyUsages.Cast<Oid>().Any(u => u.Value == ClientAuthentication)))
        {
            return "NoClientAuthenticationUsage";
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        // Offline by design: no CRL or OCSP endpoint is reachable; revoke by removing the identity mapping.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(ClientAuthentication));
        return chain.Build(certificate)
            ? null
            : string.Join(",", chain.ChainStatus.Select(s => s.Status).Where(s => s != X509ChainStatusFlags.NoError).Distinct().Order());
    }
}
