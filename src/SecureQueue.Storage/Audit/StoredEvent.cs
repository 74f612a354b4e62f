using Npgsql;
using SecureQueue.Storage.Log;

namespace SecureQueue.Storage.Audit;

/// <summary>One row of <c>events</c> as <see cref="EventSql.SelectRange"/> returns it.</summary>
internal sealed record StoredEvent(long Position, EventRow? Row, byte[] PreviousHash, byte[] Hash)
{
    private const int PreviousHashColumn = 15;

    public static StoredEvent Read(NpgsqlDataReader reader)
    {
        var position = reader.GetInt64(0);
        EventRow? row;
        try
        {
            row = new EventRow(
                position, reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), reader.GetString(3), reader.GetGuid(4), Text(reader, 5),
                Text(reader, 6), Text(reader, 7), Text(reader, 8), Text(reader, 9), Text(reader, 10), Text(reader, 11), Text(reader, 12),
                Text(reader, 13), reader.GetFieldValue<byte[]>(14));
        }
        catch (Exception exception) when (exception is InvalidCastException or OverflowException or ArgumentOutOfRangeException)
        {
            // A value no writer could have stored (an infinite timestamp, say): the event was edited.
            row = null;
        }

        return new StoredEvent(position, row, reader.GetFieldValue<byte[]>(PreviousHashColumn), reader.GetFieldValue<byte[]>(PreviousHashColumn + 1));
    }

    /// <summary>The position and <c>prev_hash</c> of a row, for looking one row past the first bad one.</summary>
    public static (long Position, byte[] PreviousHash) ReadLinks(NpgsqlDataReader reader) =>
        (reader.GetInt64(0), reader.GetFieldValue<byte[]>(PreviousHashColumn));

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
