using System.Collections.Concurrent;
using Npgsql;

namespace SecureQueue.Log.Queues;

/// <summary>
/// Reads a queue outside the writer, for what must be known before a call runs (its policy and tags, to
/// authorize it). Never used to decide a write: the writer re-reads the queue inside its transaction.
/// Entries live briefly and are dropped when this process commits a change to the queue; a change made by
/// another replica is seen within <see cref="Lifetime"/> (SQS itself takes up to 60 s to propagate).
/// </summary>
public sealed class QueueDirectory(NpgsqlDataSource dataSource, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(2);
    private const int Capacity = 10_000;

    private readonly ConcurrentDictionary<QueueKey, (QueueRecord? Queue, DateTimeOffset Expires)> cache = new();

    public async Task<QueueRecord?> FindAsync(QueueKey key, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (cache.TryGetValue(key, out var entry) && entry.Expires > now)
        {
            return entry.Queue;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var queue = await new QueueStore(connection).FindAsync(key);
        if (cache.Count >= Capacity)
        {
            cache.Clear();
        }

        cache[key] = (queue, now + Lifetime);
        return queue;
    }

    /// <summary>Forgets what was read about the queues a committed transaction changed.</summary>
    public void Invalidate(IEnumerable<QueueKey> queues)
    {
        foreach (var queue in queues)
        {
            cache.TryRemove(queue, out _);
        }
    }
}
