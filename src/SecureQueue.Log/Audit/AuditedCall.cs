namespace SecureQueue.Log.Audit;

/// <summary>
/// One audited call as replay and audit queries need it: who, what, on which resource, from where, and what was decided.
/// <see cref="Position"/> is null until the call's event is sealed; <see cref="Sequence"/> is its number in Marten's store.
/// </summary>
public sealed record AuditedCall(
    long? Position,
    long Sequence,
    DateTimeOffset RecordedAt,
    string Action,
    string? PrincipalArn,
    string? ResourceArn,
    string? SourceIp,
    string? UserAgent,
    string? TlsVersion,
    string? Decision,
    string? ErrorCode)
{
    /// <summary>How a report names the event: its sealed position, or its sequence number while not sealed yet.</summary>
    public string Label => Position is { } position ? $"#{position}" : $"seq {Sequence} (not sealed yet)";
}
