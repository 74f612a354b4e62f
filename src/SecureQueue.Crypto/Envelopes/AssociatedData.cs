using System.Buffers.Binary;
using System.Text;

namespace SecureQueue.Crypto.Envelopes;

/// <summary>
/// The context a sealed message is bound to. Every field is prefixed with its length (uint32, big-endian),
/// so no two different tuples encode to the same bytes ("a:bc" vs "ab:c"), and a ciphertext opens only for
/// the queue, message and key version it was sealed for.
/// </summary>
public static class AssociatedData
{
    /// <summary>Queue ARN ‖ message id ‖ KEK version.</summary>
    public static byte[] For(string queueArn, Guid messageId, int keyVersion)
    {
        ArgumentException.ThrowIfNullOrEmpty(queueArn);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(keyVersion);
        var arnLength = Encoding.UTF8.GetByteCount(queueArn);
        var output = new byte[4 + arnLength + 4 + 16 + 4 + 4];
        var span = output.AsSpan();
        BinaryPrimitives.WriteUInt32BigEndian(span, (uint)arnLength);
        Encoding.UTF8.GetBytes(queueArn, span[4..]);
        span = span[(4 + arnLength)..];
        BinaryPrimitives.WriteUInt32BigEndian(span, 16);
        messageId.TryWriteBytes(span[4..], bigEndian: true, out _);
        span = span[20..];
        BinaryPrimitives.WriteUInt32BigEndian(span, 4);
        BinaryPrimitives.WriteInt32BigEndian(span[4..], keyVersion);
        return output;
    }
}
