using Npgsql;

namespace SecureQueue.Storage.Queues;

/// <summary>
/// Reads a queue outside the writer, for what must be known before a call runs (its policy and tags, to
/// authorize it). Never used to decide a write: the writer re-reads the queue inside its transaction.
/// </summary>
public sealed class QueueDirectory(NpgsqlDataSource dataSource)
{
    public async Task<QueueRecord?> FindAsync(string accountId, string name, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await new QueueStore(connection).FindAsync(accountId, name);
    }
}
