namespace SecureQueue.Gateway.Calls;

/// <summary>Where a call came from and over what, as the audit envelope and policy context need it, whatever the protocol.</summary>
public sealed record RequestOrigin(string Host, string SourceIp, string? UserAgent, bool SecureTransport, string? TlsVersion, string? TlsCipher, string Path);
