namespace SecureQueue.Gateway.Identity;

/// <summary>
/// Where a call came from and over what, as the audit envelope and policy context need it, whatever the protocol.
/// <c>Region</c> is the served region the call is for (null: the gateway's default region).
/// </summary>
public sealed record RequestOrigin(string Host, string SourceIp, string? UserAgent, bool SecureTransport, string? TlsVersion, string? TlsCipher, string Path, string? Region = null);
