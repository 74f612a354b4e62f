using System.Buffers;
using System.Security.Cryptography;

namespace SecureQueue.Crypto.Signatures;

/// <summary>
/// HMAC-SHA256 over a message's origin and content (queue, id, sender, sent time, body, attributes), so a
/// consumer holding the queue's signing key can check end to end that the gateway accepted exactly this
/// message from this principal. SQS's MD5 digests only catch accidents. Encoding and a worked example in README.md.
/// </summary>
public static class MessageSignature
{
    public const int Size = 32;

    /// <returns>The signature, base64.</returns>
    /// <exception cref="ArgumentException">The key belongs to another queue, or an attribute lacks its value.</exception>
    public static string Compute(
        MessageSigningKey key, string queueArn, string messageId, string senderPrincipalArn, long sentTimestampMillis, string body,
        IReadOnlyDictionary<string, (string DataType, string? StringValue, byte[]? BinaryValue)> attributes)
    {
        if (!string.Equals(key.QueueArn, queueArn, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Signing key {key.KeyId} is not for queue {queueArn}.", nameof(queueArn));
        }

        Span<byte> mac = stackalloc byte[Size];
        Mac(key, queueArn, messageId, senderPrincipalArn, sentTimestampMillis, body, attributes, mac);
        return Convert.ToBase64String(mac);
    }

    /// <summary>Checks a base64 signature in constant time; false for another queue's key or a malformed signature.</summary>
    public static bool Verify(
        MessageSigningKey key, string queueArn, string messageId, string senderPrincipalArn, long sentTimestampMillis, string body,
        IReadOnlyDictionary<string, (string DataType, string? StringValue, byte[]? BinaryValue)> attributes, string signature)
    {
        Span<byte> presented = stackalloc byte[Size + 3];
        if (!string.Equals(key.QueueArn, queueArn, StringComparison.Ordinal)
            || !Convert.TryFromBase64String(signature, presented, out var written) || written != Size)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[Size];
        Mac(key, queueArn, messageId, senderPrincipalArn, sentTimestampMillis, body, attributes, expected);
        return CryptographicOperations.FixedTimeEquals(expected, presented[..Size]);
    }

    /// <summary>The exact bytes signed, for checking another implementation against this one.</summary>
    public static byte[] Canonicalize(
        string queueArn, string messageId, string senderPrincipalArn, long sentTimestampMillis, string body,
        IReadOnlyDictionary<string, (string DataType, string? StringValue, byte[]? BinaryValue)> attributes)
    {
        var sorted = CanonicalMessage.Sort(attributes);
        var output = new byte[CanonicalMessage.GetLength(queueArn, messageId, senderPrincipalArn, body, sorted)];
        CanonicalMessage.Write(output, queueArn, messageId, senderPrincipalArn, sentTimestampMillis, body, sorted);
        return output;
    }

    private static void Mac(
        MessageSigningKey key, string queueArn, string messageId, string sender, long sentTimestampMillis, string body,
        IReadOnlyDictionary<string, (string DataType, string? StringValue, byte[]? BinaryValue)> attributes, Span<byte> mac)
    {
        var sorted = CanonicalMessage.Sort(attributes);
        var length = CanonicalMessage.GetLength(queueArn, messageId, sender, body, sorted);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var written = CanonicalMessage.Write(buffer, queueArn, messageId, sender, sentTimestampMillis, body, sorted);
            HMACSHA256.HashData(key.Material, buffer.AsSpan(0, written), mac);
        }
        finally
        {
            // The buffer held the message body in clear; the pool must not hand it to the next renter.
            CryptographicOperations.ZeroMemory(buffer.AsSpan(0, length));
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
