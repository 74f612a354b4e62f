using System.Security.Cryptography;

namespace SecureQueue.Crypto.Envelopes;

/// <summary>
/// HKDF-SHA512 (RFC 5869) for an envelope's two 32-byte outputs, with HMAC (RFC 2104) built on one-shot
/// SHA-512. Why not <see cref="HKDF"/>: on Linux each platform HMAC call sets up an OpenSSL MAC context,
/// which costs more than the two hashes it wraps, and an envelope needs three HMACs on its hot path.
/// <c>EnvelopeTests</c> and <c>HkdfSha512Tests</c> check the output against <see cref="HKDF"/>.
/// </summary>
internal static class HkdfSha512
{
    private const int BlockSize = 128;
    private const int HashSize = 64;
    private const int MaxInput = 64;

    /// <summary>PRK = HMAC(salt, ikm); each output = first bytes of HMAC(PRK, info ‖ 0x01).</summary>
    public static void Derive(
        ReadOnlySpan<byte> ikm, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> firstInfo, Span<byte> first, ReadOnlySpan<byte> secondInfo, Span<byte> second)
    {
        Span<byte> prk = stackalloc byte[HashSize];
        try
        {
            Hmac(salt, ikm, prk);
            Expand(prk, firstInfo, first);
            Expand(prk, secondInfo, second);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(prk);
        }
    }

    // Outputs of at most one hash length need only T(1).
    private static void Expand(ReadOnlySpan<byte> prk, ReadOnlySpan<byte> info, Span<byte> output)
    {
        Span<byte> input = stackalloc byte[MaxInput];
        Span<byte> block = stackalloc byte[HashSize];
        try
        {
            info.CopyTo(input);
            input[info.Length] = 1;
            Hmac(prk, input[..(info.Length + 1)], block);
            block[..output.Length].CopyTo(output);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(block);
        }
    }

    // Keys here are at most one block (a 12-byte salt, a 64-byte PRK), so none needs hashing first.
    private static void Hmac(ReadOnlySpan<byte> key, ReadOnlySpan<byte> message, Span<byte> mac)
    {
        Span<byte> buffer = stackalloc byte[BlockSize + HashSize];
        Span<byte> inner = stackalloc byte[HashSize];
        try
        {
            Pad(key, 0x36, buffer[..BlockSize]);
            message.CopyTo(buffer[BlockSize..]);
            SHA512.HashData(buffer[..(BlockSize + message.Length)], inner);
            Pad(key, 0x5c, buffer[..BlockSize]);
            inner.CopyTo(buffer[BlockSize..]);
            SHA512.HashData(buffer, mac);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
            CryptographicOperations.ZeroMemory(inner);
        }
    }

    private static void Pad(ReadOnlySpan<byte> key, byte pad, Span<byte> block)
    {
        block.Fill(pad);
        for (var i = 0; i < key.Length; i++)
        {
            block[i] ^= key[i];
        }
    }
}
