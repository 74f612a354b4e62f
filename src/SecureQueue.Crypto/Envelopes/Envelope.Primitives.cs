using System.Buffers;
using System.Security.Cryptography;

namespace SecureQueue.Crypto.Envelopes;

/// <summary>Key derivation and the AES-GCM calls, kept free of allocations but for large associated data.</summary>
public static partial class Envelope
{
    private const int StackAadLimit = 512;

    // The AWS Encryption SDK's labels for suite 0x0478: info = suite id ‖ "DERIVEKEY" for the data key, "COMMITKEY" for the commitment.
    private static ReadOnlySpan<byte> DeriveKeyInfo => [0x04, 0x78, (byte)'D', (byte)'E', (byte)'R', (byte)'I', (byte)'V', (byte)'E', (byte)'K', (byte)'E', (byte)'Y'];

    private static ReadOnlySpan<byte> CommitKeyInfo => "COMMITKEY"u8;

    private static void DeriveKeys(ReadOnlySpan<byte> dataKey, ReadOnlySpan<byte> nonce, Span<byte> messageKey, Span<byte> commitment) =>
        HkdfSha512.Derive(dataKey, nonce, DeriveKeyInfo, messageKey, CommitKeyInfo, commitment);

    private static void Encrypt(
        ReadOnlySpan<byte> messageKey, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag,
        ReadOnlySpan<byte> header, ReadOnlySpan<byte> associatedData)
    {
        byte[]? rented = null;
        var aadLength = header.Length + associatedData.Length;
        Span<byte> aad = aadLength <= StackAadLimit ? stackalloc byte[StackAadLimit] : (rented = ArrayPool<byte>.Shared.Rent(aadLength));
        try
        {
            Concatenate(header, associatedData, aad);
            using var aes = new AesGcm(messageKey, TagSize);
            aes.Encrypt(nonce, plaintext, ciphertext, tag, aad[..aadLength]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static bool Decrypt(
        ReadOnlySpan<byte> messageKey, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext,
        ReadOnlySpan<byte> header, ReadOnlySpan<byte> associatedData)
    {
        byte[]? rented = null;
        var aadLength = header.Length + associatedData.Length;
        Span<byte> aad = aadLength <= StackAadLimit ? stackalloc byte[StackAadLimit] : (rented = ArrayPool<byte>.Shared.Rent(aadLength));
        try
        {
            Concatenate(header, associatedData, aad);
            using var aes = new AesGcm(messageKey, TagSize);
            aes.Decrypt(nonce, ciphertext, tag, plaintext, aad[..aadLength]);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            // .NET clears the plaintext itself on a bad tag; clearing again costs nothing and does not rely on it.
            CryptographicOperations.ZeroMemory(plaintext);
            return false;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    // The header has a fixed length, so header ‖ caller's data splits one way only.
    private static void Concatenate(ReadOnlySpan<byte> header, ReadOnlySpan<byte> associatedData, Span<byte> destination)
    {
        header.CopyTo(destination);
        associatedData.CopyTo(destination[header.Length..]);
    }
}
