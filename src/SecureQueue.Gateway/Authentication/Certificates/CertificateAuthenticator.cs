using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SecureQueue.Gateway.Identity;

namespace SecureQueue.Gateway.Authentication.Certificates;

/// <summary>Maps a client certificate the TLS handshake already validated to an identity, by subject DN or DNS name.</summary>
public sealed class CertificateAuthenticator(IdentitySource identities)
{
    public AuthenticationResult Authenticate(X509Certificate2 certificate)
    {
        var dnsNames = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().SelectMany(e => e.EnumerateDnsNames());
        if (identities.Current.FindCertificate(certificate.Subject, dnsNames) is not { } identity)
        {
            return AuthenticationResult.Fail(AuthenticationFailure.UnknownCredential, "The client certificate does not name a known identity.");
        }

        var thumbprint = Convert.ToHexStringLower(certificate.GetCertHash(HashAlgorithmName.SHA256));
        return AuthenticationResult.Success(new Caller(identity.PrincipalArn, AuthenticationMethod.ClientCertificate, "x509:" + thumbprint, identity)
        {
            CertificateSubject = certificate.Subject,
        });
    }
}
