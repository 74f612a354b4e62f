using System.Buffers.Binary;
using System.Text;
using SecureQueue.Crypto.Envelopes;

namespace SecureQueue.Crypto.Keys;

/// <summary>
/// A data key encrypted under one KEK version: what the database stores. The header (format, key id,
/// KEK version, keyring name) is AES-GCM associated data, so none of it can be changed without the unwrap
/// failing. Byte layout in README.md.
/// </summary>
public sealed class WrappedDataKey
{
    public const byte FormatVersion = 1;
    internal const int NonceSize = 12;
    internal const int TagSize = 16;
    private const int FixedHeaderSize = 1 + 16 + 4 + 1;
    private readonly byte[] bytes;

    private WrappedDataKey(byte[] bytes, Guid keyId, int kekVersion, string keyringName)
    {
        this.bytes = bytes;
        KeyId = keyId;
        KekVersion = kekVersion;
        KeyringName = keyringName;
    }

    public Guid KeyId { get; }

    public int KekVersion { get; }

    public string KeyringName { get; }

    internal int HeaderSize => FixedHeaderSize + bytes[FixedHeaderSize - 1];

    internal ReadOnlySpan<byte> Header => bytes.AsSpan(0, HeaderSize);

    internal ReadOnlySpan<byte> Nonce => bytes.AsSpan(HeaderSize, NonceSize);

    internal ReadOnlySpan<byte> Ciphertext => bytes.AsSpan(HeaderSize + NonceSize, DataKey.Size);

    internal ReadOnlySpan<byte> Tag => bytes.AsSpan(HeaderSize + NonceSize + DataKey.Size, TagSize);

    public byte[] ToBytes() => (byte[])bytes.Clone();

    /// <exception cref="EnvelopeException">The bytes are not a wrapped key of a known format.</exception>
    public static WrappedDataKey FromBytes(ReadOnlySpan<byte> data)
    {
        if (data.Length < FixedHeaderSize)
        {
            throw new EnvelopeException(EnvelopeFailure.Malformed);
        }

        if (data[0] != FormatVersion)
        {
            throw new EnvelopeException(EnvelopeFailure.UnsupportedVersion);
        }

        var nameLength = data[FixedHeaderSize - 1];
        if (data.Length != FixedHeaderSize + nameLength + NonceSize + DataKey.Size + TagSize)
        {
            throw new EnvelopeException(EnvelopeFailure.Malformed);
        }

        var version = BinaryPrimitives.ReadInt32BigEndian(data[17..]);
        string name;
        try
        {
            name = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(data.Slice(FixedHeaderSize, nameLength));
            Keyring.ValidateName(name);
        }
        catch (Exception error) when (error is ArgumentException)
        {
            throw new EnvelopeException(EnvelopeFailure.Malformed);
        }

        return version > 0
            ? new WrappedDataKey(data.ToArray(), new Guid(data.Slice(1, 16), bigEndian: true), version, name)
            : throw new EnvelopeException(EnvelopeFailure.Malformed);
    }

    /// <summary>Lays out a wrapped key around a header; <see cref="KeyWrap"/> fills nonce, ciphertext and tag.</summary>
    internal static WrappedDataKey Allocate(Guid keyId, Kek kek, out Span<byte> header, out Span<byte> nonce, out Span<byte> ciphertext, out Span<byte> tag)
    {
        var nameBytes = Encoding.ASCII.GetByteCount(kek.KeyringName);
        var headerSize = FixedHeaderSize + nameBytes;
        var bytes = new byte[headerSize + NonceSize + DataKey.Size + TagSize];
        bytes[0] = FormatVersion;
        keyId.TryWriteBytes(bytes.AsSpan(1, 16), bigEndian: true, out _);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(17), kek.Version);
        bytes[FixedHeaderSize - 1] = (byte)nameBytes;
        Encoding.ASCII.GetBytes(kek.KeyringName, bytes.AsSpan(FixedHeaderSize));
        header = bytes.AsSpan(0, headerSize);
        nonce = bytes.AsSpan(headerSize, NonceSize);
        ciphertext = bytes.AsSpan(headerSize + NonceSize, DataKey.Size);
        tag = bytes.AsSpan(headerSize + NonceSize + DataKey.Size, TagSize);
        return new WrappedDataKey(bytes, keyId, kek.Version, kek.KeyringName);
    }
}
