using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using SecureQueue.Crypto.Envelopes;
using SecureQueue.Crypto.Keys;
using SecureQueue.Crypto.Signatures;
using SecureQueue.Log.Keys;
using SecureQueue.Log.Events;
using SecureQueue.Log.Queues;

namespace SecureQueue.Gateway.Keys;

/// <summary>
/// Data keys per queue (one per KmsDataKeyReusePeriodSeconds, stored only wrapped) and per-queue signing keys.
/// Unwrapped data keys are kept in memory for a short while so a busy queue does not unwrap per message, and the
/// current key of each queue is leased for its reuse period so a send reads none. Destroying a key ends its lease
/// here (<see cref="Forget"/>); another replica's lease ends when the writer refuses a message sealed under it.
/// </summary>
public sealed partial class KeyService(KeySource source, DataKeyDirectory directory, LogWriter writer, TimeProvider time, ILogger<KeyService> logger)
{
    private static readonly TimeSpan CacheLifetime = TimeSpan.FromMinutes(5);
    private const int CacheCapacity = 10_000;

    private readonly ConcurrentDictionary<Guid, (DataKey Key, DateTimeOffset Expires)> cache = new();
    private readonly ConcurrentDictionary<(string QueueArn, string Keyring, int Version), MessageSigningKey> signingKeys = new();
    private readonly ConcurrentDictionary<(long QueueId, string Keyring), Lazy<Task<DataKeyLease?>>> leases = new();
    private readonly ConcurrentDictionary<Guid, bool> reportedUnusable = new();

    public KeyFamilies Families => source.Current;

    /// <summary>The key family a queue's KmsMasterKeyId names (SQS-managed SSE: the default keyring).</summary>
    public Keyring KeyringOf(QueueRecord queue) =>
        queue.Attributes.TryGetValue("KmsMasterKeyId", out var id) ? Families.Resolve(id) : Families.Default;

    /// <summary>
    /// The data key new messages of the queue are sealed with, from memory while its reuse period lasts. When the
    /// period has passed the newest stored key is read (another replica may have made one), and when there is none
    /// a new key is stored (wrapped) through the writer. Null when the queue no longer exists.
    /// </summary>
    public async Task<DataKeyLease?> LeaseAsync(QueueRecord queue, int reusePeriodSeconds)
    {
        var keyring = KeyringOf(queue);
        var slot = (queue.QueueId, keyring.Name);
        while (true)
        {
            if (leases.Count >= CacheCapacity)
            {
                leases.Clear();
            }

            // Concurrent sends on a cold queue share one acquisition, so a burst reads (or makes) one key, not one each.
            var pending = leases.GetOrAdd(slot, _ => new Lazy<Task<DataKeyLease?>>(() => AcquireAsync(queue.QueueId, keyring, reusePeriodSeconds)));
            DataKeyLease? lease;
            try
            {
                lease = await pending.Value;
            }
            catch
            {
                leases.TryRemove(KeyValuePair.Create(slot, pending));
                throw;
            }

            if (lease is not null && lease.IsCurrent(time.GetUtcNow(), reusePeriodSeconds))
            {
                return lease;
            }

            leases.TryRemove(KeyValuePair.Create(slot, pending));
            if (lease is null)
            {
                return null;
            }
        }
    }

    /// <summary>Stops using a lease the writer refused (its key destroyed, or the queue changed); the next send acquires anew.</summary>
    public void Release(DataKeyLease lease)
    {
        if (leases.TryGetValue((lease.QueueId, lease.Keyring), out var pending) && Settled(pending) == lease)
        {
            leases.TryRemove(KeyValuePair.Create((lease.QueueId, lease.Keyring), pending));
        }
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

    /// <summary>Drops retired or destroyed keys from memory, and the leases that hold them, once that change committed.</summary>
    public void Forget(IEnumerable<Guid> keyIds)
    {
        var destroyed = keyIds.ToHashSet();
        foreach (var id in destroyed)
        {
            cache.TryRemove(id, out _);
        }

        foreach (var (slot, pending) in leases)
        {
            if (Settled(pending) is { } lease && destroyed.Contains(lease.Key.KeyId))
            {
                leases.TryRemove(KeyValuePair.Create(slot, pending));
            }
        }
    }

    /// <summary>The queue's current signing key (derived from the default keyring's current KEK version).</summary>
    public MessageSigningKey SigningKey(string queueArn)
    {
        var kek = Families.Default.Current;
        return signingKeys.GetOrAdd((queueArn, kek.KeyringName, kek.Version), _ => MessageSigningKey.Derive(kek, queueArn));
    }

    private static DataKeyLease? Settled(Lazy<Task<DataKeyLease?>> pending) =>
        pending.IsValueCreated && pending.Value.IsCompletedSuccessfully ? pending.Value.Result : null;

    private async Task<DataKeyLease?> AcquireAsync(long queueId, Keyring keyring, int reusePeriodSeconds)
    {
        var stored = await directory.CurrentAsync(queueId, keyring.Name, time.GetUtcNow().AddSeconds(-reusePeriodSeconds), CancellationToken.None);
        // A current key no KEK opens is never sealed under (its messages could not be received); a new key replaces it.
        if (stored is not null && TryUnwrap(stored) is { } current)
        {
            return new DataKeyLease(queueId, keyring.Name, current, stored.KekVersion, stored.CreatedAt);
        }

        var key = DataKey.Generate();
        var wrapped = KeyWrap.Wrap(key, keyring.Current).ToBytes();
        var envelope = new AuditEnvelope(Guid.NewGuid(), "CreateDataKey", "secq:system", null, "internal", null, null, null, null);

        // A small writer operation with no event of its own: the sends sealed under the key are the audited calls.
        var outcome = await writer.ExecuteAsync(envelope, async tx =>
        {
            var created = new StoredDataKey(key.KeyId, queueId, keyring.Name, keyring.CurrentVersion, wrapped, tx.Now);
            return new Logged<StoredDataKey?>(await tx.DataKeys.InsertAsync(created) ? created : null, EventTypes.DataKeyCreated) { Append = false };
        });
        if (outcome.Result is not { } inserted)
        {
            return null;
        }

        Remember(key);
        return new DataKeyLease(queueId, keyring.Name, key, inserted.KekVersion, inserted.CreatedAt);
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
            if (reportedUnusable.Count >= CacheCapacity)
            {
                reportedUnusable.Clear();
            }

            // Once per key: every receive of its messages meets it again.
            if (reportedUnusable.TryAdd(stored.KeyId, true))
            {
                LogKeyUnusable(logger, stored.KeyId, stored.QueueId, stored.Keyring, stored.KekVersion, exception.GetType().Name);
            }

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

    [LoggerMessage(EventId = 2302, Level = LogLevel.Error,
        Message = "Data key {KeyId} of queue {QueueId} (keyring {Keyring}, version {KekVersion}) cannot be opened ({Reason}): altered in the database, or its KEK version was removed; its messages cannot be received and no message is sealed under it")]
    private static partial void LogKeyUnusable(ILogger logger, Guid keyId, long queueId, string keyring, int kekVersion, string reason);
}
