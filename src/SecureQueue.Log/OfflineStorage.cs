using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using SecureQueue.Log.Audit;
using SecureQueue.Log.Keys;
using SecureQueue.Log.Events;
using SecureQueue.Log.Queues;
using SecureQueue.Log.Signals;

namespace SecureQueue.Log;

/// <summary>
/// Storage for tools that run beside the gateway (<c>secq policy replay</c>, <c>secq keys</c>, <c>secq audit verify|export|validate-export</c>, <c>secq report</c>), so no other project
/// opens Npgsql itself. Its writer appends to the same log as the gateway's, and seals what it wrote when disposed.
/// </summary>
public sealed class OfflineStorage : IAsyncDisposable
{
    private readonly NpgsqlDataSource dataSource;
    private LogWriter? writer;
    private LogSealer? sealer;
    private Marten.DocumentStore? store;

    private OfflineStorage(NpgsqlDataSource dataSource)
    {
        this.dataSource = dataSource;
        Queues = new QueueDirectory(dataSource, TimeProvider.System);
        Audit = new AuditReader(dataSource);
        DataKeys = new DataKeyDirectory(dataSource);
        Chain = new ChainVerifier(dataSource);
        Activity = new ActivityReader(dataSource);
        QueueReader = new QueueReader(dataSource);
        Sealed = new SealedLog(dataSource);
    }

    public QueueDirectory Queues { get; }

    public AuditReader Audit { get; }

    public DataKeyDirectory DataKeys { get; }

    public ChainVerifier Chain { get; }

    /// <summary>Aggregates over the log for <c>secq report</c>.</summary>
    public ActivityReader Activity { get; }

    /// <summary>The projections as they are now (every live queue, for <c>secq report</c>).</summary>
    public QueueReader QueueReader { get; }

    /// <summary>Sealed events, their links and the signed checkpoints, for <c>secq audit export</c>.</summary>
    public SealedLog Sealed { get; }

    public static OfflineStorage Open(string connectionString) => new(LogServices.DataSource(connectionString));

    /// <summary>A log writer for this tool's own audited changes; started on first use.</summary>
    public async Task<LogWriter> WriterAsync()
    {
        if (writer is null)
        {
            store = EventStore.Create(dataSource);
            sealer = new LogSealer(dataSource, NullLogger<LogSealer>.Instance);
            writer = new LogWriter(dataSource, store, sealer, new QueueSignals(), Queues, TimeProvider.System, NullLogger<LogWriter>.Instance);
            await writer.StartAsync(CancellationToken.None);
        }

        return writer;
    }

    public async ValueTask DisposeAsync()
    {
        if (writer is not null)
        {
            await writer.StopAsync(CancellationToken.None);
            writer.Dispose();
            // No gateway may be running to seal this tool's events: seal them now (a running sealer would wait its turn).
            await sealer!.SealAllAsync(CancellationToken.None);
            sealer.Dispose();
            store!.Dispose();
        }

        await dataSource.DisposeAsync();
    }
}
