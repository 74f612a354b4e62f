using System.Security.Cryptography;

namespace SecureQueue.Crypto.Envelopes;

/// <summary>
/// What envelopes need of one data key, derived once (README.md): the AES-256-GCM key, the 32-byte
/// key commitment and a few ready <see cref="AesGcm"/> instances, rented one per call because an instance is
/// not safe for concurrent use. Owned by its <c>DataKey</c>. Disposing wipes the keys and instances once the
/// last rented instance is back, so a call in flight never sees a half-zeroed key, and no rent succeeds after.
/// </summary>
internal sealed class EnvelopeKey : IDisposable
{
    public const int KeySize = 32;
    public const int CommitmentSize = 32;

    // Set in state once disposed; the bits below count instances rented out.
    private const int DisposedFlag = int.MinValue;

    // Instances kept for reuse; more callers at once each create their own (about 1 µs) and drop it after.
    private static readonly int PoolSize = Math.Clamp(Environment.ProcessorCount, 2, 16);

    // Pinned, so the garbage collector leaves no copies of the keys behind when it compacts.
    private readonly byte[] key = GC.AllocateArray<byte>(KeySize, pinned: true);
    private readonly byte[] commitment = GC.AllocateArray<byte>(CommitmentSize, pinned: true);
    private readonly AesGcm?[] pool = new AesGcm?[PoolSize];
    private int state;

    private EnvelopeKey()
    {
    }

    private static ReadOnlySpan<byte> KeyLabel => "secq/envelope/v2/gcm-key"u8;

    private static ReadOnlySpan<byte> CommitmentLabel => "secq/envelope/v2/commitment"u8;

    /// <summary>
    /// PRK = HKDF-Extract(SHA-512, salt = none, data key); key and commitment = HKDF-Expand(PRK, label ‖ key id, 32).
    /// </summary>
    public static EnvelopeKey Derive(Guid keyId, ReadOnlySpan<byte> dataKey)
    {
        var derived = new EnvelopeKey();
        Span<byte> prk = stackalloc byte[SHA512.HashSizeInBytes];
        Span<byte> info = stackalloc byte[CommitmentLabel.Length + 16];
        try
        {
            HKDF.Extract(HashAlgorithmName.SHA512, dataKey, salt: [], prk);
            HKDF.Expand(HashAlgorithmName.SHA512, prk, derived.key, Info(KeyLabel, keyId, info));
            HKDF.Expand(HashAlgorithmName.SHA512, prk, derived.commitment, Info(CommitmentLabel, keyId, info));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(prk);
        }

        return derived;
    }

    /// <summary>An instance for this call only, and the commitment; dispose the lease to give them back.</summary>
    /// <exception cref="ObjectDisposedException">The data key was disposed.</exception>
    public Lease Rent()
    {
        var seen = Volatile.Read(ref state);
        while (true)
        {
            ObjectDisposedException.ThrowIf(seen < 0, typeof(Keys.DataKey));
            var before = Interlocked.CompareExchange(ref state, seen + 1, seen);
            if (before == seen)
            {
                break;
            }

            seen = before;
        }

        try
        {
            return new Lease(this, Take() ?? new AesGcm(key, Envelope.TagSize));
        }
        catch
        {
            Release();
            throw;
        }
    }

    public void Dispose()
    {
        var seen = Volatile.Read(ref state);
        while (seen >= 0)
        {
            var before = Interlocked.CompareExchange(ref state, seen | DisposedFlag, seen);
            if (before == seen)
            {
                if (seen == 0)
                {
                    Wipe();
                }

                return;
            }

            seen = before;
        }
    }

    private static ReadOnlySpan<byte> Info(ReadOnlySpan<byte> label, Guid keyId, Span<byte> buffer)
    {
        label.CopyTo(buffer);
        keyId.TryWriteBytes(buffer[label.Length..], bigEndian: true, out _);
        return buffer[..(label.Length + 16)];
    }

    private AesGcm? Take()
    {
        for (var i = 0; i < pool.Length; i++)
        {
            if (Volatile.Read(ref pool[i]) is not null && Interlocked.Exchange(ref pool[i], null) is { } aes)
            {
                return aes;
            }
        }

        return null;
    }

    private void Return(AesGcm aes)
    {
        var kept = false;
        for (var i = 0; i < pool.Length && !kept; i++)
        {
            kept = Volatile.Read(ref pool[i]) is null && Interlocked.CompareExchange(ref pool[i], aes, null) is null;
        }

        if (!kept)
        {
            aes.Dispose();
        }

        Release();
    }

    // The last one out after Dispose wipes; a pooled instance is never in use then.
    private void Release()
    {
        if (Interlocked.Decrement(ref state) == DisposedFlag)
        {
            Wipe();
        }
    }

    private void Wipe()
    {
        CryptographicOperations.ZeroMemory(key);
        CryptographicOperations.ZeroMemory(commitment);
        for (var i = 0; i < pool.Length; i++)
        {
            Interlocked.Exchange(ref pool[i], null)?.Dispose();
        }
    }

    /// <summary>Valid until disposed; dispose exactly once.</summary>
    public readonly ref struct Lease
    {
        private readonly EnvelopeKey owner;

        internal Lease(EnvelopeKey owner, AesGcm aes)
        {
            this.owner = owner;
            Aes = aes;
        }

        public AesGcm Aes { get; }

        public ReadOnlySpan<byte> Commitment => owner.commitment;

        public void Dispose() => owner.Return(Aes);
    }
}
