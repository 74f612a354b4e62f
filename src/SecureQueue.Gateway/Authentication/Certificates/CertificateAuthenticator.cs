using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SecureQueue.Gateway.Identity;
using SecureQueue.Gateway.Sqs;
using SecureQueue.Gateway.Sqs.Errors;

namespace SecureQueue.Gateway.Authentication.Certificates;

/// <summary>Maps a client certificate the TLS handshake already validated to an identity, by subject DN or DNS name.</summary>
public sealed class CertificateAuthenticator(IdentityStore identities)
{
    private static readonly SqsErrorCode UnknownCertificate = new("com.amazon.coral.service", "InvalidClientTokenId", "InvalidClientTokenId", 403);

    public Caller Authenticate(X509Certificate2 certificate)
    {
        var dnsNames = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().SelectMany(e => e.EnumerateDnsNames());
        var identity = identities.FindCertificate(certificate.Subject, dnsNames)
            ?? throw new SqsException(UnknownCertificate, "The client certificate does not name a known identity.");
        var thumbprint = Convert.ToHexStringLower(certificate.GetCertHash(HashAlgorithmName.SHA256));
        return new Caller(identity.PrincipalArn, AuthenticationMethod.ClientCertificate, "x509:" + thumbprint, identity);
    }
}
