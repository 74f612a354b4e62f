using System.Security.Cryptography;

namespace SecureQueue.Crypto.Keys;

/// <summary>
/// A data-encryption key in clear: 32 random bytes and the id envelopes name it by. It lives only in memory
/// for the reuse period and is zeroed on dispose; what is stored is its <see cref="WrappedDataKey"/>.
/// </summary>
public sealed class DataKey : IDisposable
{
    public const int Size = 32;
    private readonly byte[] material;
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

    public static DataKey Generate() => new(Guid.NewGuid(), RandomNumberGenerator.GetBytes(Size));

    /// <summary>Only for unwrapping (and tests); a caller-chosen key is never a fresh key.</summary>
    internal static DataKey FromBytes(Guid keyId, ReadOnlySpan<byte> material) =>
        material.Length == Size ? new(keyId, material.ToArray()) : throw new ArgumentException($"A data key has {Size} bytes.", nameof(material));

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(material);
        disposed = true;
    }
}
