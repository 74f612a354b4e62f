namespace SecureQueue.Storage.Log;

/// <summary>
/// Every stored field of one event that the chain covers: all columns of <c>events</c> except the links themselves
/// (<c>prev_hash</c>, <c>hash</c>) and <c>tx_id</c>, which PostgreSQL assigns at insert and only diagnostics read.
/// </summary>
public readonly record struct EventRow(
    long Position,
    DateTimeOffset RecordedAt,
    string EventType,
    string Action,
    Guid RequestId,
    string? PrincipalArn,
    string? AccessKeyId,
    string? SourceIp,
    string? UserAgent,
    string? ResourceArn,
    string? ErrorCode,
    string? TlsVersion,
    string? TlsCipher,
    string? Decision,
    byte[] Data);
