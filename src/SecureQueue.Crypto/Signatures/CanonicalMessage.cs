using System.Buffers.Binary;
using System.Text;

namespace SecureQueue.Crypto.Signatures;

/// <summary>
/// The bytes a message signature covers (README.md): every field as uint32 big-endian length ‖ bytes, in a
/// fixed order, so no two different messages encode alike; attributes sorted by the UTF-8 bytes of their
/// names, each name ‖ data type ‖ a one-byte tag (1 string, 2 binary) ‖ value, as SQS's MD5 of attributes.
/// </summary>
internal static class CanonicalMessage
{
    private const byte StringTag = 1;
    private const byte BinaryTag = 2;

    public static int GetLength(string queueArn, string messageId, string sender, string body, Attribute[] attributes)
    {
        var length = Field(queueArn) + Field(messageId) + Field(sender) + 4 + sizeof(long) + Field(body) + 4;
        foreach (var attribute in attributes)
        {
            length += 4 + attribute.Name.Length + Field(attribute.DataType) + 1 + 4 + attribute.ValueLength;
        }

        return length;

        static int Field(string value) => checked(4 + Encoding.UTF8.GetByteCount(value));
    }

    public static int Write(Span<byte> destination, string queueArn, string messageId, string sender, long sentTimestampMillis, string body, Attribute[] attributes)
    {
        var start = destination.Length;
        WriteString(ref destination, queueArn);
        WriteString(ref destination, messageId);
        WriteString(ref destination, sender);
        BinaryPrimitives.WriteUInt32BigEndian(destination, sizeof(long));
        BinaryPrimitives.WriteInt64BigEndian(destination[4..], sentTimestampMillis);
        destination = destination[(4 + sizeof(long))..];
        WriteString(ref destination, body);
        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)attributes.Length);
        destination = destination[4..];
        foreach (var attribute in attributes)
        {
            WriteBytes(ref destination, attribute.Name);
            WriteString(ref destination, attribute.DataType);
            destination[0] = attribute.Binary is null ? StringTag : BinaryTag;
            destination = destination[1..];
            if (attribute.Binary is { } binary)
            {
                WriteBytes(ref destination, binary);
            }
            else
            {
                WriteString(ref destination, attribute.Text!);
            }
        }

        return start - destination.Length;
    }

    /// <summary>The attributes in signing order, each checked to carry the value its data type calls for.</summary>
    public static Attribute[] Sort(IReadOnlyDictionary<string, (string DataType, string? StringValue, byte[]? BinaryValue)> attributes)
    {
        var sorted = new Attribute[attributes.Count];
        var index = 0;
        foreach (var (name, (dataType, text, binary)) in attributes)
        {
            ArgumentException.ThrowIfNullOrEmpty(dataType, $"{name}.DataType");
            var isBinary = dataType.StartsWith("Binary", StringComparison.Ordinal);
            if (isBinary ? binary is null : text is null)
            {
                throw new ArgumentException($"Message attribute '{name}' of type '{dataType}' has no {(isBinary ? "BinaryValue" : "StringValue")}.", nameof(attributes));
            }

            sorted[index++] = isBinary
                ? new Attribute(Encoding.UTF8.GetBytes(name), dataType, null, binary, binary!.Length)
                : new Attribute(Encoding.UTF8.GetBytes(name), dataType, text, null, Encoding.UTF8.GetByteCount(text!));
        }

        // UTF-8 byte order is code-point order, which any language's byte-string sort reproduces.
        Array.Sort(sorted, static (a, b) => a.Name.AsSpan().SequenceCompareTo(b.Name));
        return sorted;
    }

    private static void WriteString(ref Span<byte> destination, string value)
    {
        var written = Encoding.UTF8.GetBytes(value, destination[4..]);
        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)written);
        destination = destination[(4 + written)..];
    }

    private static void WriteBytes(ref Span<byte> destination, ReadOnlySpan<byte> value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)value.Length);
        value.CopyTo(destination[4..]);
        destination = destination[(4 + value.Length)..];
    }

    internal readonly record struct Attribute(byte[] Name, string DataType, string? Text, byte[]? Binary, int ValueLength);
}
