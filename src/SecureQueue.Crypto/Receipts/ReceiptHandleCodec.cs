using System.Buffers.Binary;
using System.Security.Cryptography;
using SecureQueue.Crypto.Keys;

namespace SecureQueue.Crypto.Receipts;

/// <summary>The parts a receipt handle names: queue, message (send position and index) and the receive's nonce.</summary>
public readonly record struct ReceiptHandleParts(long QueueId, long Position, short Index, long Nonce)
{
    /// <summary>
    /// When the receive that made the handle claimed the message, in whole seconds (SQS counts a message's total visibility
    /// from it); null in handles of version 1, made before it was carried.
    /// </summary>
    public DateTimeOffset? ReceivedAt { get; init; }
}

/// <summary>
/// Opaque, unforgeable receipt handles: the parts plus a truncated HMAC-SHA256 under a key derived from the
/// master key, base64url-encoded. A handle that fails the MAC is rejected before the database is touched.
/// </summary>
public sealed class ReceiptHandleCodec(MasterKey masterKey)
{
    private const byte Version = 1;
    private const byte TimedVersion = 2;
    private const int PayloadSize = 1 + 8 + 8 + 2 + 8;
    private const int TimedPayloadSize = PayloadSize + 4;
    private const int MacSize = 16;
    private readonly byte[] key = masterKey.Derive("secq/receipt-handle/v1");

    public string Encode(ReceiptHandleParts parts)
    {
        var payloadSize = parts.ReceivedAt is null ? PayloadSize : TimedPayloadSize;
        Span<byte> buffer = stackalloc byte[payloadSize + MacSize];
        buffer[0] = parts.ReceivedAt is null ? Version : TimedVersion;
        BinaryPrimitives.WriteInt64BigEndian(buffer[1..], parts.QueueId);
        BinaryPrimitives.WriteInt64BigEndian(buffer[9..], parts.Position);
        BinaryPrimitives.WriteInt16BigEndian(buffer[17..], parts.Index);
        BinaryPrimitives.WriteInt64BigEndian(buffer[19..], parts.Nonce);
        if (parts.ReceivedAt is { } receivedAt)
        {
            BinaryPrimitives.WriteUInt32BigEndian(buffer[PayloadSize..], checked((uint)receivedAt.ToUnixTimeSeconds()));
        }

        Mac(buffer[..payloadSize], buffer[payloadSize..]);
        return Convert.ToBase64String(buffer).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public bool TryDecode(string handle, out ReceiptHandleParts parts)
    {
        parts = default;
        if (handle.Length is 0 or > 64)
        {
            return false;
        }

        var base64 = handle.Replace('-', '+').Replace('_', '/');
        base64 += new string('=', (4 - (base64.Length % 4)) % 4);
        Span<byte> buffer = stackalloc byte[48];
        if (!Convert.TryFromBase64String(base64, buffer, out var written))
        {
            return false;
        }

        var payloadSize = (buffer[0], written) switch
        {
            (Version, PayloadSize + MacSize) => PayloadSize,
            (TimedVersion, TimedPayloadSize + MacSize) => TimedPayloadSize,
            _ => 0,
        };
        if (payloadSize == 0)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[MacSize];
        Mac(buffer[..payloadSize], expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, buffer.Slice(payloadSize, MacSize)))
        {
            return false;
        }

        parts = new ReceiptHandleParts(
            BinaryPrimitives.ReadInt64BigEndian(buffer[1..]),
            BinaryPrimitives.ReadInt64BigEndian(buffer[9..]),
            BinaryPrimitives.ReadInt16BigEndian(buffer[17..]),
            BinaryPrimitives.ReadInt64BigEndian(buffer[19..]))
        {
            ReceivedAt = payloadSize == TimedPayloadSize
                ? DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadUInt32BigEndian(buffer[PayloadSize..]))
                : null,
        };

        // Base64 ignores unused trailing bits; only the one canonical spelling of a handle is accepted.
        return Encode(parts) == handle;
    }

    private void Mac(ReadOnlySpan<byte> payload, Span<byte> destination)
    {
        Span<byte> full = stackalloc byte[32];
        HMACSHA256.HashData(key, payload, full);
        full[..MacSize].CopyTo(destination);
    }
}
