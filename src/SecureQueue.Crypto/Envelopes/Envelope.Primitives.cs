using System.Buffers;
using System.Security.Cryptography;

namespace SecureQueue.Crypto.Envelopes;

/// <summary>The AES-GCM calls, with no allocation but for associated data too large for the stack.</summary>
public static partial class Envelope
{
    private const int StackAadLimit = 512;

    private static void Encrypt(
        AesGcm aes, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag,
        ReadOnlySpan<byte> header, ReadOnlySpan<byte> associatedData)
    {
        byte[]? rented = null;
        var aadLength = header.Length + associatedData.Length;
        Span<byte> aad = aadLength <= StackAadLimit ? stackalloc byte[aadLength] : (rented = ArrayPool<byte>.Shared.Rent(aadLength));
        try
        {
            Concatenate(header, associatedData, aad);
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
        AesGcm aes, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext,
        ReadOnlySpan<byte> header, ReadOnlySpan<byte> associatedData)
    {
        byte[]? rented = null;
        var aadLength = header.Length + associatedData.Length;
        Span<byte> aad = aadLength <= StackAadLimit ? stackalloc byte[aadLength] : (rented = ArrayPool<byte>.Shared.Rent(aadLength));
        try
        {
            Concatenate(header, associatedData, aad);
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
