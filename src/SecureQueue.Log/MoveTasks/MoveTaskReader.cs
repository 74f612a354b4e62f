using Npgsql;

namespace SecureQueue.Log.MoveTasks;

/// <summary>Reads move tasks on a pooled connection, outside the writer: for ListMessageMoveTasks and for the runners' polls.</summary>
public sealed class MoveTaskReader(NpgsqlDataSource dataSource)
{
    public Task<IReadOnlyList<MoveTaskRecord>> RecentAsync(string sourceArn, int limit, CancellationToken cancellationToken) =>
        ReadAsync(store => store.RecentAsync(sourceArn, limit), cancellationToken);

    public Task<IReadOnlyList<MoveTaskRecord>> ActiveAsync(CancellationToken cancellationToken) =>
        ReadAsync(store => store.ActiveAsync(), cancellationToken);

    private async Task<T> ReadAsync<T>(Func<MoveTaskStore, Task<T>> read, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await read(new MoveTaskStore(connection));
    }
}
