namespace SecureQueue.Storage.Audit;

/// <summary>One audited call as replay and audit queries need it: who, what, on which resource, from where, and what was decided.</summary>
public sealed record AuditedCall(
    long Position,
    DateTimeOffset RecordedAt,
    string Action,
    string? PrincipalArn,
    string? ResourceArn,
    string? SourceIp,
    string? UserAgent,
    string? TlsVersion,
    string? Decision,
    string? ErrorCode);
