namespace SecureQueue.Trail.Records;

/// <summary>
/// One event as the log stores it: Marten's event id (CloudTrail's <c>eventID</c>), its sequence number, its position in
/// the sealed chain (null until sealed) and its canonical JSON data (the audit envelope and the call's detail).
/// </summary>
internal sealed record StoredEvent(Guid EventId, long SeqId, long? Position, ReadOnlyMemory<byte> Data)
{
    /// <summary>The columns to select from the <c>events</c> view, in this record's order, for <see cref="Read"/>.</summary>
    public const string Columns = "id, seq_id, position, data";

    public static StoredEvent Read(System.Data.Common.DbDataReader reader, int first = 0) => new(
        reader.GetGuid(first),
        reader.GetInt64(first + 1),
        reader.IsDBNull(first + 2) ? null : reader.GetInt64(first + 2),
        reader.GetFieldValue<byte[]>(first + 3));
}

/// <summary>What every record of this gateway shares: the account that owns its resources and its home region.</summary>
public sealed record TrailSettings(string AccountId, string Region);
