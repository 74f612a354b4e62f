using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace SecureQueue.FunctionalTests.Infrastructure;

/// <summary>A bare TLS connection to a gateway, for tests that write HTTP by hand: what no HTTP client would send.</summary>
public static class RawTls
{
    /// <summary>A TLS connection whose handshake completed (the gateway's certificate checked against the test CA); IOException when it did not.</summary>
    public static async Task<SslStream> ConnectAsync(Uri endpoint, string caFile)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(endpoint.Host, endpoint.Port);
        var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
        var trust = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        trust.CustomTrustStore.Add(X509CertificateLoader.LoadCertificateFromFile(caFile));
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost", CertificateChainPolicy = trust }).WaitAsync(TimeSpan.FromSeconds(10));
            return tls;
        }
        catch (Exception error) when (error is System.Security.Authentication.AuthenticationException or TimeoutException)
        {
            tls.Dispose();
            throw new IOException("TLS handshake failed", error);
        }
        catch
        {
            tls.Dispose();
            throw;
        }
    }
}
