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
public sealed class EventHash : IDisposable
{
    public const int Size = 32;

    /// <summary>Version 1 hashed only <c>data</c>; 2 covered every field of the hand-written log; 3 every field of a Marten event.</summary>
    public const byte Version = 3;

    private const int HeaderSize = 5;

    // One per thread, kept: the sealer links every event with it, and a new hash state and buffer per event is garbage.
    [ThreadStatic]
    private static EventHash? perThread;

    private readonly IncrementalHash sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private byte[] text = new byte[256];

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
        sha.AppendData(previous);
        sha.AppendData([Version]);
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
        sha.GetHashAndReset(link);
    }

    public void Dispose() => sha.Dispose();

    private void Int64(long value)
    {
        Span<byte> bytes = stackalloc byte[sizeof(long)];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        Field(bytes);
    }

    private void Optional(ReadOnlySpan<byte> value, bool present)
    {
        if (present)
        {
            Field(value);
        }
        else
        {
            sha.AppendData([0, 0, 0, 0, 0]);
        }
    }

    private void Optional(byte[]? value) => Optional(value, value is not null);

    private void Uuid(Guid value)
    {
        // RFC 9562 byte order, as PostgreSQL sends a uuid in binary.
        Span<byte> bytes = stackalloc byte[16];
        value.TryWriteBytes(bytes, bigEndian: true, out _);
        Field(bytes);
    }

    private void Text(string? value)
    {
        if (value is null)
        {
            Optional(default, present: false);
            return;
        }

        var length = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (text.Length < length)
        {
            text = new byte[length];
        }

        Field(text.AsSpan(0, Encoding.UTF8.GetBytes(value, text)));
    }

    private void Field(ReadOnlySpan<byte> value)
    {
        Span<byte> header = stackalloc byte[HeaderSize];
        header[0] = 1;
        BinaryPrimitives.WriteInt32BigEndian(header[1..], value.Length);
        sha.AppendData(header);
        sha.AppendData(value);
    }
}
