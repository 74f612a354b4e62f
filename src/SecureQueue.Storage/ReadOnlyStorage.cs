using Npgsql;
using SecureQueue.Storage.Audit;
using SecureQueue.Storage.Queues;

namespace SecureQueue.Storage;

/// <summary>Read access for tools outside the gateway (replay, audit queries), so no other project opens Npgsql itself.</summary>
public sealed class ReadOnlyStorage : IAsyncDisposable
{
    private readonly NpgsqlDataSource dataSource;

    private ReadOnlyStorage(NpgsqlDataSource dataSource)
    {
        this.dataSource = dataSource;
        Queues = new QueueDirectory(dataSource, TimeProvider.System);
        Audit = new AuditReader(dataSource);
    }

    public QueueDirectory Queues { get; }

    public AuditReader Audit { get; }

    public static ReadOnlyStorage Open(string connectionString) => new(NpgsqlDataSource.Create(connectionString));

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();
}
