using System.Security.Authentication;

namespace SecureQueue.Gateway;

/// <summary>What every HTTPS listener of the gateway (API, front door, ops) accepts, and what <c>secq report</c> states.</summary>
public static class GatewayTls
{
    public const SslProtocols Protocols = SslProtocols.Tls12 | SslProtocols.Tls13;
}
