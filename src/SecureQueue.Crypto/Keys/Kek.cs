namespace SecureQueue.Crypto.Keys;

/// <summary>
/// One version of a key-encryption key. It only wraps data keys and seeds per-queue signing keys; it never
/// encrypts message data, so it sees a few thousand uses where a data key sees millions.
/// </summary>
public sealed class Kek
{
    public const int Size = 32;
    private readonly byte[] material;

    internal Kek(string keyringName, int version, DateTimeOffset created, byte[] material)
    {
        KeyringName = keyringName;
        Version = version;
        Created = created;
        this.material = material;
    }

    public string KeyringName { get; }

    public int Version { get; }

    public DateTimeOffset Created { get; }

    internal ReadOnlySpan<byte> Material => material;

    /// <summary>Names the key, never shows it, so a key in a log line or exception is harmless.</summary>
    public override string ToString() => $"{KeyringName}/v{Version}";
}

/// <summary>What may be listed about a key-encryption key version.</summary>
public sealed record KekVersionInfo(int Version, DateTimeOffset Created, bool IsCurrent);
