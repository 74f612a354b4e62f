namespace SecureQueue.Storage.Log;

/// <summary>Who made a call, from where and over what: recorded on every event, whatever the call's outcome.</summary>
public sealed record AuditEnvelope(
    Guid RequestId,
    string Action,
    string? PrincipalArn,
    string? AccessKeyId,
    string SourceIp,
    string? UserAgent,
    string? ResourceArn,
    string? TlsVersion,
    string? TlsCipher);
