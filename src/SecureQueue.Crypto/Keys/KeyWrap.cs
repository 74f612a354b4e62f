using System.Security.Cryptography;
using SecureQueue.Crypto.Envelopes;

namespace SecureQueue.Crypto.Keys;

/// <summary>
/// Wraps data keys under a KEK with AES-256-GCM (random 96-bit nonce). A KEK wraps one data key per queue
/// and principal per reuse period, far below the 2^32 random-nonce limit NIST sets per key.
/// </summary>
public static class KeyWrap
{
    public static WrappedDataKey Wrap(DataKey dataKey, Kek kek) => Wrap(dataKey.KeyId, dataKey.Material, kek);

    /// <exception cref="KeyVersionNotFoundException">The keyring lacks the KEK version the key was wrapped under.</exception>
    /// <exception cref="EnvelopeException">Another keyring wrapped it, or the wrapped bytes were altered.</exception>
    public static DataKey Unwrap(WrappedDataKey wrapped, Keyring keyring)
    {
        Span<byte> material = stackalloc byte[DataKey.Size];
        try
        {
            Decrypt(wrapped, keyring, material);
            return DataKey.FromBytes(wrapped.KeyId, material);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(material);
        }
    }

    /// <summary>
    /// The same data key wrapped under the keyring's current version, with the clear key never leaving this
    /// method (Vault's rewrap), so a batch job can move old keys forward. A key already current is returned as is.
    /// </summary>
    public static WrappedDataKey Rewrap(WrappedDataKey wrapped, Keyring keyring)
    {
        if (wrapped.KekVersion == keyring.CurrentVersion && wrapped.KeyringName == keyring.Name)
        {
            return wrapped;
        }

        Span<byte> material = stackalloc byte[DataKey.Size];
        try
        {
            Decrypt(wrapped, keyring, material);
            return Wrap(wrapped.KeyId, material, keyring.Current);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(material);
        }
    }

    private static WrappedDataKey Wrap(Guid keyId, ReadOnlySpan<byte> material, Kek kek)
    {
        var wrapped = WrappedDataKey.Allocate(keyId, kek, out var header, out var nonce, out var ciphertext, out var tag);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(kek.Material, WrappedDataKey.TagSize);
        aes.Encrypt(nonce, material, ciphertext, tag, header);
        return wrapped;
    }

    private static void Decrypt(WrappedDataKey wrapped, Keyring keyring, Span<byte> material)
    {
        if (wrapped.KeyringName != keyring.Name)
        {
            throw new EnvelopeException(EnvelopeFailure.KeyMismatch);
        }

        var kek = keyring.Get(wrapped.KekVersion);
        using var aes = new AesGcm(kek.Material, WrappedDataKey.TagSize);
        try
        {
            aes.Decrypt(wrapped.Nonce, wrapped.Ciphertext, wrapped.Tag, material, wrapped.Header);
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new EnvelopeException(EnvelopeFailure.AuthenticationFailed);
        }
    }
}
