using System.Security.Cryptography;
using SecureQueue.Crypto.Envelopes;

namespace SecureQueue.Crypto.Keys;

/// <summary>
/// A data-encryption key in clear: 32 random bytes and the id envelopes name it by. It lives only in memory
/// for the reuse period and is zeroed on dispose; what is stored is its <see cref="WrappedDataKey"/>. The key
/// envelopes are sealed with is derived from it on first use and wiped with it.
/// </summary>
public sealed class DataKey : IDisposable
{
    public const int Size = 32;
    private readonly byte[] material;
    private readonly Lock gate = new();
    private EnvelopeKey? envelopeKey;
    private bool disposed;

    private DataKey(Guid keyId, byte[] material)
    {
        KeyId = keyId;
        this.material = material;
    }

    public Guid KeyId { get; }

    internal ReadOnlySpan<byte> Material
    {
        get
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            return material;
        }
    }

    /// <summary>Derived on first use, so a key that only wraps or unwraps never pays for it.</summary>
    /// <exception cref="ObjectDisposedException">The key was disposed.</exception>
    internal EnvelopeKey EnvelopeKey => Volatile.Read(ref envelopeKey) ?? DeriveEnvelopeKey();

    public static DataKey Generate() => new(Guid.NewGuid(), RandomNumberGenerator.GetBytes(Size));

    /// <summary>Only for unwrapping (and tests); a caller-chosen key is never a fresh key.</summary>
    internal static DataKey FromBytes(Guid keyId, ReadOnlySpan<byte> material) =>
        material.Length == Size ? new(keyId, material.ToArray()) : throw new ArgumentException($"A data key has {Size} bytes.", nameof(material));

    public void Dispose()
    {
        lock (gate)
        {
            disposed = true;
            CryptographicOperations.ZeroMemory(material);
            envelopeKey?.Dispose();
        }
    }

    // Under the lock, so Dispose cannot zero the material halfway through a derivation. Lock-free readers see
    // a fully derived instance: in .NET's memory model, storing a reference releases every write reachable through it.
    private EnvelopeKey DeriveEnvelopeKey()
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            return envelopeKey ??= EnvelopeKey.Derive(KeyId, material);
        }
    }
}
