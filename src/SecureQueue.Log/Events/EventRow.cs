namespace SecureQueue.Log.Events;

/// <summary>
/// Every stored field of one event that its seal covers: the seal's position and every column of its <c>mt_events</c>
/// row, <c>data</c> and <c>headers</c> as PostgreSQL prints the stored jsonb (one canonical text per value).
/// </summary>
public readonly record struct EventRow(
    long Position,
    long SeqId,
    Guid Id,
    string? StreamId,
    long Version,
    byte[] Data,
    byte[]? BinaryData,
    string Type,
    DateTimeOffset Timestamp,
    string? TenantId,
    string? DotnetType,
    string? CorrelationId,
    byte[]? Headers,
    bool? IsArchived,
    ulong TxId);
