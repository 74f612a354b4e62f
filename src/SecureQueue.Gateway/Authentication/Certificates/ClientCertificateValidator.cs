using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace SecureQueue.Gateway.Authentication.Certificates;

/// <summary>
/// Validates a client certificate chain against the configured CA bundle only (not the system store), and
/// requires the client-authentication usage when the certificate declares usages.
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

    public bool Validate(X509Certificate2 certificate, X509Chain? unused, SslPolicyErrors errors)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        // Offline by design: no CRL or OCSP endpoint is reachable; revoke by removing the identity mapping.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid(ClientAuthentication));
        return chain.Build(certificate);
    }
}
