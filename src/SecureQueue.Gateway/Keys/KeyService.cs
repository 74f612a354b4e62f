using System.Collections.Concurrent;
using SecureQueue.Crypto.Envelopes;
using SecureQueue.Crypto.Keys;
using SecureQueue.Crypto.Signatures;
using SecureQueue.Storage.Keys;
using SecureQueue.Storage.Log;
using SecureQueue.Storage.Queues;

namespace SecureQueue.Gateway.Keys;

/// <summary>
/// Data keys per queue (one per KmsDataKeyReusePeriodSeconds, stored only wrapped) and per-queue signing keys.
/// Unwrapped data keys are kept in memory for a short while so a busy queue does not unwrap per message.
/// </summary>
public sealed class KeyService(KeySource source, TimeProvider time)
{
    private static readonly TimeSpan CacheLifetime = TimeSpan.FromMinutes(5);
    private const int CacheCapacity = 10_000;

    private readonly ConcurrentDictionary<Guid, (DataKey Key, DateTimeOffset Expires)> cache = new();
    private readonly ConcurrentDictionary<(string QueueArn, string Keyring, int Version), MessageSigningKey> signingKeys = new();

    public KeyFamilies Families => source.Current;

    /// <summary>The key family a queue's KmsMasterKeyId names (SQS-managed SSE: the default keyring).</summary>
    public Keyring KeyringOf(QueueRecord queue) =>
        queue.Attributes.TryGetValue("KmsMasterKeyId", out var id) ? Families.Resolve(id) : Families.Default;

    /// <summary>The data key new messages of the queue are sealed with; creates and stores (wrapped) a new one when the reuse period has passed.</summary>
    public async Task<(DataKey Key, int KekVersion)> CurrentAsync(LogTransaction transaction, QueueRecord queue, int reusePeriodSeconds)
    {
        var keyring = KeyringOf(queue);
        var stored = await transaction.DataKeys.CurrentAsync(queue.QueueId, keyring.Name, transaction.Now.AddSeconds(-reusePeriodSeconds));
        if (stored is not null)
        {
            return (Unwrap(stored), stored.KekVersion);
        }

        var key = DataKey.Generate();
        var wrapped = KeyWrap.Wrap(key, keyring.Current);
        await transaction.DataKeys.InsertAsync(new StoredDataKey(key.KeyId, queue.QueueId, keyring.Name, keyring.CurrentVersion, wrapped.ToBytes(), transaction.Now));
        Remember(key);
        return (key, keyring.CurrentVersion);
    }

    /// <summary>The data keys with these ids; a destroyed key maps to null (its messages can never be opened).</summary>
    public async Task<IReadOnlyDictionary<Guid, DataKey?>> ResolveAsync(LogTransaction transaction, IEnumerable<Guid> keyIds)
    {
        var now = time.GetUtcNow();
        var result = new Dictionary<Guid, DataKey?>();
        var missing = new List<Guid>();
        foreach (var id in keyIds.Distinct())
        {
            if (cache.TryGetValue(id, out var entry) && entry.Expires > now)
            {
                result[id] = entry.Key;
            }
            else
            {
                missing.Add(id);
            }
        }

        foreach (var stored in missing.Count == 0 ? [] : await transaction.DataKeys.FindAsync(missing))
        {
            result[stored.KeyId] = stored.Wrapped is null ? null : TryUnwrap(stored);
        }

        return result;
    }

    /// <summary>Drops destroyed keys from memory once their destruction committed.</summary>
    public void Forget(IEnumerable<Guid> keyIds)
    {
        foreach (var id in keyIds)
        {
            cache.TryRemove(id, out _);
        }
    }

    /// <summary>The queue's current signing key (derived from the default keyring's current KEK version).</summary>
    public MessageSigningKey SigningKey(string queueArn)
    {
        var kek = Families.Default.Current;
        return signingKeys.GetOrAdd((queueArn, kek.KeyringName, kek.Version), _ => MessageSigningKey.Derive(kek, queueArn));
    }

    // A wrapped key altered in the database (or a KEK version removed too early) makes its messages unreadable, not the receive fail.
    private DataKey? TryUnwrap(StoredDataKey stored)
    {
        try
        {
            return Unwrap(stored);
        }
        catch (Exception exception) when (exception is EnvelopeException or KeyVersionNotFoundException or KmsKeyNotFoundException)
        {
            return null;
        }
    }

    private DataKey Unwrap(StoredDataKey stored)
    {
        if (cache.TryGetValue(stored.KeyId, out var entry) && entry.Expires > time.GetUtcNow())
        {
            return entry.Key;
        }

        var wrapped = WrappedDataKey.FromBytes(stored.Wrapped);
        DataKey key;
        try
        {
            key = KeyWrap.Unwrap(wrapped, Families.Get(stored.Keyring));
        }
        catch (KeyVersionNotFoundException) when (source.Reload())
        {
            key = KeyWrap.Unwrap(wrapped, Families.Get(stored.Keyring));
        }

        Remember(key);
        return key;
    }

    private void Remember(DataKey key)
    {
        if (cache.Count >= CacheCapacity)
        {
            cache.Clear();
        }

        cache[key.KeyId] = (key, time.GetUtcNow() + CacheLifetime);
    }
}
