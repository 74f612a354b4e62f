using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using SecureQueue.Log.Events;

namespace SecureQueue.Log.Audit;

/// <summary>
/// Follows Marten's store and gives each committed event its seal: the next gap-free position and the SHA-256 link
/// over all its stored fields and the link before. Events are taken in (transaction, sequence) order and only from
/// transactions older than every running one, so a slow commit is sealed when it lands, never skipped (Marten's
/// high-water mark gives up on a gap after a timeout, which would leave such an event outside the chain). One
/// process seals at a time (an advisory lock per pass); every replica runs a sealer, so one that dies is replaced.
/// Woken by its writer's commits (at most one pass per <see cref="Gather"/>), and polls for other replicas' events.
/// </summary>
public sealed partial class LogSealer(NpgsqlDataSource dataSource, ILogger<LogSealer> logger) : BackgroundService
{
    /// <summary>Most events sealed in one transaction.</summary>
    public const int MaxBatch = 4096;

    private const long AdvisoryLockKey = 0x5345_4351_5345_414C;
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    // A pass costs five round trips however few events it seals; under load the writer commits every few
    // milliseconds, so a pass per commit would seal a handful each. Passes at most this often let commits gather.
    private static readonly TimeSpan Gather = TimeSpan.FromMilliseconds(25);
    private static readonly TimeSpan StopPatience = TimeSpan.FromSeconds(5);
    private readonly SemaphoreSlim wake = new(0, 1);

    /// <summary>Wakes the sealer: its writer just committed.</summary>
    public void Wake()
    {
        try
        {
            wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken; the next pass takes these events too.
        }
    }

    /// <summary>Seals until nothing sealable is left; returns how many events it sealed.</summary>
    public async Task<long> SealAllAsync(CancellationToken cancellationToken)
    {
        long total = 0;
        int sealedNow;
        do
        {
            sealedNow = await SealAsync(cancellationToken);
            total += sealedNow;
        }
        while (sealedNow == MaxBatch);
        return total;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // After the writer stopped (it is registered after the sealer): its last batch is sealed before the last checkpoint.
        await SealCommittedAsync(cancellationToken);
    }

    public override void Dispose()
    {
        wake.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await TrySealAsync(stoppingToken);
            try
            {
                await Task.Delay(Gather, stoppingToken);
                await wake.WaitAsync(Poll, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task TrySealAsync(CancellationToken cancellationToken)
    {
        try
        {
            await SealAllAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogSealFailed(logger, exception);
        }
    }

    /// <summary>
    /// Seals until every event committed before the call is sealed. A writing transaction still open in this database
    /// (or another replica sealing) can hold the last batch back for a moment, and a failover or the cluster's connection
    /// limit can refuse a connection for a moment: waits and retries at most <see cref="StopPatience"/> or until
    /// shutdown gives up.
    /// </summary>
    private async Task SealCommittedAsync(CancellationToken cancellationToken)
    {
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        patience.CancelAfter(StopPatience);
        string? committedBelow = null;
        try
        {
            while (true)
            {
                var wait = TimeSpan.FromMilliseconds(20);
                try
                {
                    await using var connection = await dataSource.OpenConnectionAsync(patience.Token);
                    committedBelow ??= await HorizonAsync(connection, patience.Token);
                    await TrySealAsync(CancellationToken.None);
                    var (_, _, txId, seqId) = await LastSealAsync(connection, patience.Token);
                    await using var owed = connection.Command(SealSql.FirstUnsealedBelow, txId, seqId, committedBelow);
                    if (await owed.ExecuteScalarAsync(patience.Token) is null)
                    {
                        return;
                    }
                }
                catch (NpgsqlException exception)
                {
                    LogSealFailed(logger, exception);
                    wait = TimeSpan.FromMilliseconds(200);
                }

                await Task.Delay(wait, patience.Token);
            }
        }
        catch (OperationCanceledException)
        {
            LogStoppedUnsealed(logger);
        }
    }

    private static async Task<string> HorizonAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var horizon = connection.Command("select pg_snapshot_xmax(pg_current_snapshot())::text");
        return (string)(await horizon.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>One pass in one transaction: up to <see cref="MaxBatch"/> events, or none while another process seals.</summary>
    private async Task<int> SealAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        string horizon;
        await using (var locked = connection.Command(SealSql.LockAndHorizon, AdvisoryLockKey))
        await using (var reader = await locked.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            if (!reader.GetBoolean(0))
            {
                return 0;
            }

            horizon = reader.GetString(1);
        }

        var (position, previous, txId, seqId) = await LastSealAsync(connection, cancellationToken);
        var rows = new List<EventRow>();
        await using (var next = connection.Command(SealSql.Next, txId, seqId, MaxBatch, horizon))
        await using (var reader = await next.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(StoredEvent.ReadRow(reader, ++position)
                    ?? throw new InvalidOperationException($"Event {reader.GetInt64(1)} holds a value no writer stores; it is left unsealed."));
            }
        }

        if (rows.Count == 0)
        {
            // Committed events may still wait behind a running transaction: that wait is the lag.
            await using var next = connection.Command(SealSql.NextUnsealedAt, txId, seqId);
            // A timestamptz arrives as a UTC DateTime.
            LogMetrics.SealingLag = await next.ExecuteScalarAsync(cancellationToken) is DateTime since
                ? Math.Max(0, (DateTime.UtcNow - since).TotalSeconds)
                : 0;
            return 0;
        }

        var links = new byte[rows.Count][];
        var previousLinks = new byte[rows.Count][];
        for (var i = 0; i < rows.Count; i++)
        {
            previousLinks[i] = previous;
            previous = links[i] = EventHash.Compute(previous, rows[i]);
        }

        await using (var insert = connection.Command(
            SealSql.Insert, rows.Select(r => r.Position).ToArray(), rows.Select(r => r.SeqId).ToArray(),
            rows.Select(r => r.TxId.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray(), previousLinks, links))
        {
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        // The wall clock, not the service's TimeProvider: lag is real time between an event's commit and its seal.
        LogMetrics.Sealed(rows.Count, DateTimeOffset.UtcNow - rows.Min(r => r.Timestamp));
        return rows.Count;
    }

    private static async Task<(long Position, byte[] Hash, string TxId, long SeqId)> LastSealAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(SealSql.Last);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? (reader.GetInt64(0), reader.GetFieldValue<byte[]>(1), reader.GetString(2), reader.GetInt64(3))
            : (0, new byte[EventHash.Size], "0", 0);
    }

    [LoggerMessage(EventId = 1301, Level = LogLevel.Error, Message = "Sealing failed; retrying at the next pass")]
    private static partial void LogSealFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning, Message = "Stopped with committed events not sealed yet; the next sealer to run seals them")]
    private static partial void LogStoppedUnsealed(ILogger logger);
}
