using Npgsql;
using SecureQueue.Log.Events;

namespace SecureQueue.Log.Audit;

/// <summary>
/// One seal and its event as <see cref="SealSql.Range"/> returns them. <see cref="Row"/> is null when the event is
/// gone (<see cref="Missing"/>), holds a value no writer could have stored, or its seal names another transaction: the
/// seal's <c>tx_id</c> is outside the link, but the sealer's cursor is read from it, so an edit there is an edit too.
/// <see cref="LookupMismatch"/> names the columns of the event's <c>event_lookup</c> row that do not match its data
/// (empty when all do, <see cref="SealSql.NoLookupRow"/> when it has none; null when the event is gone).
/// </summary>
internal sealed record StoredEvent(long Position, EventRow? Row, bool Missing, byte[] PreviousHash, byte[] Hash, string? LookupMismatch)
{
    private const int PreviousHashColumn = 15;
    private const int SameTransactionColumn = PreviousHashColumn + 2;
    private const int LookupColumn = SameTransactionColumn + 1;

    public static StoredEvent Read(NpgsqlDataReader reader)
    {
        var position = reader.GetInt64(0);
        var missing = reader.IsDBNull(1);
        var sameTransaction = !missing && reader.GetBoolean(SameTransactionColumn);
        return new StoredEvent(position, sameTransaction ? ReadRow(reader, position) : null, missing,
            reader.GetFieldValue<byte[]>(PreviousHashColumn), reader.GetFieldValue<byte[]>(PreviousHashColumn + 1), Text(reader, LookupColumn));
    }

    /// <summary>The event's fields from column 1 on, as <see cref="SealSql.EventColumns"/> selects them.</summary>
    public static EventRow? ReadRow(NpgsqlDataReader reader, long position)
    {
        try
        {
            return new EventRow(
                position, reader.GetInt64(1), reader.GetGuid(2), Text(reader, 3), reader.GetInt64(4), reader.GetFieldValue<byte[]>(5),
                Bytes(reader, 6), reader.GetString(7), reader.GetFieldValue<DateTimeOffset>(8), Text(reader, 9), Text(reader, 10),
                Text(reader, 11), Bytes(reader, 12), reader.IsDBNull(13) ? null : reader.GetBoolean(13), reader.GetFieldValue<ulong>(14));
        }
        catch (Exception exception) when (exception is InvalidCastException or OverflowException or ArgumentOutOfRangeException)
        {
            // A value no writer could have stored (an infinite timestamp, say): the event was edited.
            return null;
        }
    }

    /// <summary>The position and <c>prev_hash</c> of a row, for looking one row past the first bad one.</summary>
    public static (long Position, byte[] PreviousHash) ReadLinks(NpgsqlDataReader reader) =>
        (reader.GetInt64(0), reader.GetFieldValue<byte[]>(PreviousHashColumn));

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static byte[]? Bytes(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<byte[]>(ordinal);
}
