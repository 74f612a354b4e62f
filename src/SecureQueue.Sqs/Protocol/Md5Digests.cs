using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace SecureQueue.Sqs.Protocol;

/// <summary>The MD5 digests SDKs check (MD5OfMessageBody, MD5OfMessageAttributes, MD5OfMessageSystemAttributes).</summary>
internal static class Md5Digests
{
#pragma warning disable CA5351 // MD5 is what the SQS wire protocol specifies; it is a checksum here, not a security control.
    public static string OfBody(string body) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(body)));

    /// <summary>The attribute digest: names in ordinal order, each length-prefixed with its type and value.</summary>
    public static string? OfAttributes(IReadOnlyDictionary<string, MessageAttributeValue> attributes)
    {
        if (attributes.Count == 0)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        foreach (var name in attributes.Keys.Order(StringComparer.Ordinal))
        {
            var value = attributes[name];
            WriteText(buffer, name);
            WriteText(buffer, value.DataType);
            if (value.StringValue is not null)
            {
                buffer.WriteByte(1);
                WriteText(buffer, value.StringValue);
            }
            else
            {
                buffer.WriteByte(2);
                WriteBytes(buffer, value.BinaryValue ?? []);
            }
        }

        return Convert.ToHexStringLower(MD5.HashData(buffer.ToArray()));
    }
#pragma warning restore CA5351

    private static void WriteText(Stream buffer, string text) => WriteBytes(buffer, Encoding.UTF8.GetBytes(text));

    private static void WriteBytes(Stream buffer, byte[] bytes)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
        buffer.Write(length);
        buffer.Write(bytes);
    }
}
