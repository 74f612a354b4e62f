using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace SecureQueue.Gateway.Authentication.Certificates;

/// <summary>
/// Client certificates refused in the TLS handshake. Such a connection never reaches a call, so it is no audit event:
/// each is a warning naming the certificate (subject, issuer, SHA-256 thumbprint: public parts) and why, and a count in
/// <c>secq.tls.client_certificates.refused</c> by reason, for an alert on probing.
/// </summary>
public sealed partial class CertificateRefusals(ILogger<ClientCertificateValidator> logger)
{
    public bool Accepts(ClientCertificateValidator validator, X509Certificate2 certificate)
    {
        if (validator.Refusal(certificate) is not { } reason)
        {
            return true;
        }

        Telemetry.GatewayMetrics.CertificateRefused(reason);
        LogRefused(logger, reason, certificate.Subject, certificate.Issuer, Convert.ToHexStringLower(certificate.GetCertHash(HashAlgorithmName.SHA256)));
        return false;
    }

    [LoggerMessage(EventId = 2201, Level = LogLevel.Warning, Message = "Client certificate refused ({Reason}): subject {Subject}, issuer {Issuer}, SHA-256 {Thumbprint}")]
    private static partial void LogRefused(ILogger logger, string reason, string subject, string issuer, string thumbprint);
}
