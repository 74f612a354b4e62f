using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace SecureQueue.Log.Events;

/// <summary>
/// The chain link of one event: SHA-256(previous link ‖ encoding), where the encoding is a version byte followed by
/// every field of <see cref="EventRow"/> in a fixed order, each as a presence byte (0 null, 1 value), a 4-byte
/// big-endian length and the value's bytes. The one implementation of the encoding: the sealer seals with it and
/// the verifier checks with it. Definition in README.md.
/// </summary>
public sealed class EventHash
{
    public const int Size = 32;

    /// <summary>Version 1 hashed only <c>data</c>; 2 covered every field of the hand-written log; 3 every field of a Marten event.</summary>
    public const byte Version = 3;

    private const int HeaderSize = 5;

    // One per thread, kept: the sealer links every event with it, and a new buffer per event is garbage.
    [ThreadStatic]
    private static EventHash? perThread;

    // The whole encoding is written here and hashed in one call: each incremental update is a call into the platform's
    // crypto library, and a row has some thirty fields and headers (a sixth of verify's own CPU went to those calls).
    private byte[] buffer = new byte[4096];
    private int length;

    /// <summary>The link of <paramref name="row"/> after <paramref name="previous"/>.</summary>
    public static byte[] Compute(ReadOnlySpan<byte> previous, in EventRow row)
    {
        var link = new byte[Size];
        (perThread ??= new EventHash()).Link(previous, row, link);
        return link;
    }

    /// <summary>The time as PostgreSQL stores a <c>timestamptz</c>: whole microseconds, so what is read back hashes the same.</summary>
    public static DateTimeOffset StoredTime(DateTimeOffset time) => new(time.UtcTicks - (time.UtcTicks % 10), TimeSpan.Zero);

    /// <summary>Writes the link of <paramref name="row"/> after <paramref name="previous"/> into <paramref name="link"/>; reusable, not thread-safe.</summary>
    public void Link(ReadOnlySpan<byte> previous, in EventRow row, Span<byte> link)
    {
        length = 0;
        Append(previous);
        Append([Version]);
        Int64(row.Position);
        Int64(row.SeqId);
        Uuid(row.Id);
        Text(row.StreamId);
        Int64(row.Version);
        Field(row.Data);
        Optional(row.BinaryData);
        Text(row.Type);
        Int64((row.Timestamp.UtcTicks - DateTimeOffset.UnixEpoch.Ticks) / 10);
        Text(row.TenantId);
        Text(row.DotnetType);
        Text(row.CorrelationId);
        Optional(row.Headers);
        Optional(row.IsArchived is { } archived ? [archived ? (byte)1 : (byte)0] : null);
        Int64(unchecked((long)row.TxId));
        SHA256.HashData(buffer.AsSpan(0, length), link);
    }

    private void Int64(long value) => BinaryPrimitives.WriteInt64BigEndian(Reserve(sizeof(long))[HeaderSize..], value);

    private void Optional(byte[]? value)
    {
        if (value is null)
        {
            Absent();
        }
        else
        {
            Field(value);
        }
    }

    private void Uuid(Guid value)
    {
        // RFC 9562 byte order, as PostgreSQL sends a uuid in binary.
        value.TryWriteBytes(Reserve(16)[HeaderSize..], bigEndian: true, out _);
    }

    private void Text(string? value)
    {
        if (value is null)
        {
            Absent();
            return;
        }

        var field = Reserve(Encoding.UTF8.GetMaxByteCount(value.Length));
        var written = Encoding.UTF8.GetBytes(value, field[HeaderSize..]);
        BinaryPrimitives.WriteInt32BigEndian(field[1..], written);
        length -= field.Length - HeaderSize - written;
    }

    /// <summary>A null field: presence byte 0 and length 0.</summary>
    private void Absent() => Append([0, 0, 0, 0, 0]);

    private void Field(ReadOnlySpan<byte> value) => value.CopyTo(Reserve(value.Length)[HeaderSize..]);

    /// <summary>Appends a field's header (present, <paramref name="size"/>) and returns header and room for its value.</summary>
    private Span<byte> Reserve(int size)
    {
        var field = Grow(HeaderSize + size);
        field[0] = 1;
        BinaryPrimitives.WriteInt32BigEndian(field[1..], size);
        return field;
    }

    private void Append(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Grow(bytes.Length));

    private Span<byte> Grow(int size)
    {
        if (buffer.Length - length < size)
        {
            var larger = new byte[Math.Max(buffer.Length * 2, length + size)];
            buffer.AsSpan(0, length).CopyTo(larger);
            buffer = larger;
        }

        var span = buffer.AsSpan(length, size);
        length += size;
        return span;
    }
}
