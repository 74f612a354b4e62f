using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using SecureQueue.Crypto.Keys;

namespace SecureQueue.Crypto.Envelopes;

/// <summary>
/// Seals one message part under a data key with AES-256-GCM and a random nonce, committing to the key: the
/// GCM key and a 32-byte commitment are derived once per data key with HKDF-SHA512, every envelope carries the
/// commitment, and it is checked before anything is decrypted, so a ciphertext crafted to open under two keys
/// is refused. Byte layout and derivation in README.md.
/// </summary>
public static partial class Envelope
{
    public const byte FormatVersion = 2;
    public const int KeyIdSize = 16;
    public const int NonceSize = 12;
    public const int CommitmentSize = EnvelopeKey.CommitmentSize;
    public const int TagSize = 16;
    public const int HeaderSize = 1 + KeyIdSize + NonceSize + CommitmentSize;
    public const int Overhead = HeaderSize + TagSize;

    public static int GetSealedLength(int plaintextLength) => checked(Overhead + plaintextLength);

    /// <exception cref="EnvelopeException">Shorter than an empty envelope.</exception>
    public static int GetPlaintextLength(int sealedLength) =>
        sealedLength >= Overhead ? sealedLength - Overhead : throw new EnvelopeException(EnvelopeFailure.Malformed);

    public static byte[] Seal(DataKey key, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        var output = new byte[GetSealedLength(plaintext.Length)];
        Seal(key, plaintext, associatedData, output);
        return output;
    }

    /// <summary>Seals into <paramref name="destination"/>, which must not overlap the plaintext.</summary>
    /// <returns>The bytes written: <see cref="GetSealedLength"/> of the plaintext length.</returns>
    public static int Seal(DataKey key, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData, Span<byte> destination)
    {
        var length = GetSealedLength(plaintext.Length);
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, length, nameof(destination));
        using var lease = key.EnvelopeKey.Rent();
        var header = destination[..HeaderSize];
        header[0] = FormatVersion;
        key.KeyId.TryWriteBytes(header.Slice(1, KeyIdSize), bigEndian: true, out _);
        var nonce = header.Slice(1 + KeyIdSize, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        lease.Commitment.CopyTo(header[^CommitmentSize..]);
        var body = destination[HeaderSize..length];
        Encrypt(lease.Aes, nonce, plaintext, body[..plaintext.Length], body[plaintext.Length..], header, associatedData);
        return length;
    }

    /// <exception cref="EnvelopeException">The envelope does not open with this key and associated data.</exception>
    public static byte[] Open(DataKey key, ReadOnlySpan<byte> envelope, ReadOnlySpan<byte> associatedData) =>
        TryOpenCore(key, envelope, associatedData, out var plaintext) is { } failure ? throw new EnvelopeException(failure) : plaintext;

    /// <summary>Opens into <paramref name="destination"/>, which is cleared again if the envelope does not open.</summary>
    /// <returns>The plaintext length.</returns>
    /// <exception cref="EnvelopeException">The envelope does not open with this key and associated data.</exception>
    public static int Open(DataKey key, ReadOnlySpan<byte> envelope, ReadOnlySpan<byte> associatedData, Span<byte> destination)
    {
        var length = GetPlaintextLength(envelope.Length);
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, length, nameof(destination));
        return OpenInto(key, envelope, associatedData, destination[..length]) is { } failure ? throw new EnvelopeException(failure) : length;
    }

    public static bool TryOpen(DataKey key, ReadOnlySpan<byte> envelope, ReadOnlySpan<byte> associatedData, [NotNullWhen(true)] out byte[]? plaintext)
    {
        var failure = TryOpenCore(key, envelope, associatedData, out var opened);
        plaintext = failure is null ? opened : null;
        return failure is null;
    }

    private static EnvelopeFailure? TryOpenCore(DataKey key, ReadOnlySpan<byte> envelope, ReadOnlySpan<byte> associatedData, out byte[] plaintext)
    {
        plaintext = [];
        if (CheckFormat(envelope) is { } failure)
        {
            return failure;
        }

        var output = new byte[envelope.Length - Overhead];
        var opened = OpenInto(key, envelope, associatedData, output);
        plaintext = opened is null ? output : [];
        return opened;
    }

    private static EnvelopeFailure? OpenInto(DataKey key, ReadOnlySpan<byte> envelope, ReadOnlySpan<byte> associatedData, Span<byte> destination)
    {
        if (CheckFormat(envelope) is { } failure)
        {
            return failure;
        }

        if (KeyIdOf(envelope) != key.KeyId)
        {
            return EnvelopeFailure.KeyMismatch;
        }

        using var lease = key.EnvelopeKey.Rent();
        var header = envelope[..HeaderSize];
        if (!CryptographicOperations.FixedTimeEquals(lease.Commitment, header[^CommitmentSize..]))
        {
            return EnvelopeFailure.CommitmentMismatch;
        }

        return Decrypt(lease.Aes, header.Slice(1 + KeyIdSize, NonceSize), envelope[HeaderSize..^TagSize], envelope[^TagSize..], destination, header, associatedData)
            ? null
            : EnvelopeFailure.AuthenticationFailed;
    }

    private static EnvelopeFailure? CheckFormat(ReadOnlySpan<byte> envelope) =>
        envelope.IsEmpty ? EnvelopeFailure.Malformed
        : envelope[0] != FormatVersion ? EnvelopeFailure.UnsupportedVersion
        : envelope.Length < Overhead ? EnvelopeFailure.Malformed
        : null;

    private static Guid KeyIdOf(ReadOnlySpan<byte> envelope) => new(envelope.Slice(1, KeyIdSize), bigEndian: true);
}
