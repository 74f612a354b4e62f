using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using SecureQueue.Crypto.Keys;

namespace SecureQueue.Crypto.Signatures;

/// <summary>
/// The HMAC key one queue's messages are signed with, derived from a KEK version so it rotates with it and
/// needs no storage of its own. Consumers that verify get it out of band (<see cref="ExportKey"/>) and pick
/// it by <see cref="KeyId"/>. Derivation and key id format in README.md.
/// </summary>
public sealed class MessageSigningKey
{
    public const string Label = "secq/message-signature/v1";
    public const int Size = 32;
    private readonly byte[] key;

    private MessageSigningKey(string queueArn, Kek kek, byte[] key)
    {
        QueueArn = queueArn;
        KekVersion = kek.Version;
        KeyId = $"{queueArn}#{kek.KeyringName}/v{kek.Version}";
        this.key = key;
    }

    /// <summary><c>&lt;queue ARN&gt;#&lt;keyring&gt;/v&lt;KEK version&gt;</c>; SQS ARNs contain no '#', so it splits one way.</summary>
    public string KeyId { get; }

    public string QueueArn { get; }

    public int KekVersion { get; }

    internal ReadOnlySpan<byte> Material => key;

    public static MessageSigningKey Derive(Kek kek, string queueArn)
    {
        ArgumentException.ThrowIfNullOrEmpty(queueArn);
        var label = Encoding.UTF8.GetBytes(Label);
        var arn = Encoding.UTF8.GetBytes(queueArn);
        var info = new byte[4 + label.Length + 4 + arn.Length + 4 + 4];
        var span = info.AsSpan();
        BinaryPrimitives.WriteUInt32BigEndian(span, (uint)label.Length);
        label.CopyTo(span[4..]);
        span = span[(4 + label.Length)..];
        BinaryPrimitives.WriteUInt32BigEndian(span, (uint)arn.Length);
        arn.CopyTo(span[4..]);
        span = span[(4 + arn.Length)..];
        BinaryPrimitives.WriteUInt32BigEndian(span, 4);
        BinaryPrimitives.WriteInt32BigEndian(span[4..], kek.Version);
        var key = new byte[Size];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, kek.Material, key, salt: [], info);
        return new MessageSigningKey(queueArn, kek, key);
    }

    /// <summary>The raw HMAC key, for a consumer that verifies signatures; it can also forge them for this queue.</summary>
    public byte[] ExportKey() => (byte[])key.Clone();

    public override string ToString() => KeyId;
}
