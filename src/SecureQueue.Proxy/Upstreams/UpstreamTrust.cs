using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace SecureQueue.Proxy.Upstreams;

/// <summary>Verifies an upstream's certificate against one cluster's CA bundle only, so a public CA cannot vouch for a private service.</summary>
internal static class UpstreamTrust
{
    public static X509Certificate2Collection Load(string caFile)
    {
        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPemFile(caFile);
        return certificates;
    }

    public static RemoteCertificateValidationCallback Callback(X509Certificate2Collection roots) => (_, certificate, _, errors) =>
    {
        // A name mismatch or a missing certificate is never forgiven; only the chain is checked against our roots.
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    };
}
