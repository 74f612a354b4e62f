using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Marten;
using Npgsql;
using SecureQueue.Log.Audit;
using SecureQueue.Log.Queues;
using SecureQueue.Log.Signals;

namespace SecureQueue.Log.Events;

/// <summary>
/// The one writer of a process: takes calls from a channel and commits whatever has queued in one transaction (group
/// commit): their projection changes, then their events appended to Marten's store. One WAL flush serves many calls
/// while <c>synchronous_commit</c> stays on.
/// </summary>
public sealed partial class LogWriter(
    NpgsqlDataSource dataSource, DocumentStore store, LogSealer sealer, QueueSignals signals, QueueDirectory directory, TimeProvider time,
    ILogger<LogWriter> logger)
    : BackgroundService
{
    private const int MaxBatch = 256;
    private readonly PositionBlock positions = new();
    private readonly EventStreams streams = new();
    private readonly EventAppend append = new(store);
    private readonly Channel<WorkItem> channel = Channel.CreateUnbounded<WorkItem>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>
    /// Runs a call's work in the next batch; completes after the batch holding its event committed. <paramref name="prefetch"/>
    /// names what the work will read first, so the batch reads it for all its calls at once.
    /// </summary>
    public Task<LogOutcome<T>> ExecuteAsync<T>(AuditEnvelope envelope, Func<LogTransaction, ValueTask<Logged<T>>> work, Prefetch prefetch = default)
    {
        var item = new WorkItem<T>(envelope, work, prefetch);
        if (!channel.Writer.TryWrite(item))
        {
            throw new InvalidOperationException("The log writer has stopped.");
        }

        LogMetrics.Queued(1);
        return item.Task;
    }

    /// <summary>Appends the event of a call whose work is already done (a read on a pooled connection); completes after commit.</summary>
    public Task<LogOutcome<bool>> AppendAsync(AuditEnvelope envelope, EventType eventType, Action<System.Text.Json.Utf8JsonWriter>? detail = null) =>
        ExecuteAsync(envelope, _ => ValueTask.FromResult(new Logged<bool>(true, eventType, detail)));

    /// <summary>Records a call that failed before it could do anything (authentication, authorization, bad input).</summary>
    public Task AppendFailureAsync(AuditEnvelope envelope, CallFailedException failure) =>
        ExecuteAsync<bool>(envelope, _ => throw failure);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<WorkItem>(MaxBatch);
        var reader = channel.Reader;
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            LogMetrics.Queued(-batch.Count);
            await CommitAsync(batch);
            if (stoppingToken.IsCancellationRequested && !reader.TryPeek(out _))
            {
                break;
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Calls already accepted are committed before the process ends; new ones are refused.
        channel.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    private async Task CommitAsync(List<WorkItem> batch)
    {
        try
        {
            await RunAsync(batch);
            return;
        }
        catch (Exception exception) when (batch.Count > 1 && exception is not (OperationCanceledException or CommitUnknownException))
        {
            LogBatchRetried(logger, batch.Count, exception);
        }
        catch (Exception exception)
        {
            foreach (var item in batch)
            {
                LogCallFailed(logger, item.Envelope.RequestId, exception);
                item.Fail(exception);
            }

            return;
        }

        foreach (var item in batch)
        {
            try
            {
                await RunAsync([item]);
            }
            catch (Exception exception)
            {
                LogCallFailed(logger, item.Envelope.RequestId, exception);
                item.Fail(exception);
            }
        }
    }

    private async Task RunAsync(List<WorkItem> batch)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await using var connection = await dataSource.OpenConnectionAsync();
        await positions.EnsureAsync(connection, batch.Count);
        await using var transaction = await connection.BeginTransactionAsync();
        var log = new LogTransaction(connection, positions, streams);

        // Calls whose work the prefetch does run first, in the order it does it, so the log shows them before anything else
        // of the batch that touches their queue, as they happened. The batch's calls are all in flight together: any order
        // is one a client could have seen.
        var ordered = batch.OrderBy(i => i.Prefetch.Order).ToList();
        await log.PrefetchAsync(ordered.Select(i => i.Prefetch).ToList(), time.GetUtcNow());
        for (var i = 0; i < ordered.Count; i++)
        {
            log.BeginCall(time.GetUtcNow(), i);
            await ordered[i].RunAsync(log);
        }

        try
        {
            await FinishAsync(connection, log);
        }
        catch (NpgsqlException exception) when (exception is not PostgresException && log.Events.Count > 0)
        {
            // The connection broke during the round trip that ends with COMMIT (the primary failed over): the batch is
            // committed or not, and re-running its calls would store a committed one twice. Its events' ids were fixed
            // before the append, so they decide it for the whole transaction (the multi-host data source reaches the new primary).
            if (!await CommittedAsync(log.Events))
            {
                throw;
            }

            LogAmbiguousCommitCommitted(logger, batch.Count);
        }

        LogMetrics.Committed(batch.Count, System.Diagnostics.Stopwatch.GetElapsedTime(started));
        directory.Invalidate(log.Queues.Changed);
        signals.Signal(log.SignalledQueues);
        sealer.Wake();
        foreach (var item in batch)
        {
            item.Complete();
        }
    }

    /// <summary>
    /// Ends the batch in one round trip: the message rows its calls buffered, its events appended to their streams with
    /// their lookup rows, the NOTIFY that wakes other replicas' long polls, and COMMIT. A statement that fails skips the
    /// rest, COMMIT included, and the transaction is rolled back when the connection goes back to the pool.
    /// </summary>
    private async Task FinishAsync(NpgsqlConnection connection, LogTransaction log)
    {
        var byStream = log.Events.GroupBy(e => e.Stream).Select(g => g.ToList()).ToList();
        await using var batch = new NpgsqlBatch(connection);
        var releases = log.Messages.TakeReleases();
        foreach (var release in releases)
        {
            batch.BatchCommands.Add(release);
        }

        var flush = log.Messages.TakeFlush();
        if (flush is not null)
        {
            batch.BatchCommands.Add(flush);
        }

        foreach (var events in byStream)
        {
            batch.BatchCommands.Add(append.Command(events[0].Stream, events));
        }

        if (log.SignalledQueues.Count > 0)
        {
            batch.BatchCommands.Add(SqlCommands.BatchCommand("select pg_notify($1, q::text) from unnest($2::bigint[]) as q", QueueSignals.Channel, log.SignalledQueues.ToArray()));
        }

        batch.BatchCommands.Add(new NpgsqlBatchCommand("commit"));
        await using var reader = await batch.ExecuteReaderAsync();
        foreach (var _ in releases)
        {
            await reader.NextResultAsync();
        }

        if (flush is not null)
        {
            await reader.NextResultAsync();
        }

        foreach (var events in byStream)
        {
            // Marten's function answers the stream's new version, then each event's sequence number in order.
            await reader.ReadAsync();
            Number(events, reader.GetFieldValue<long[]>(0).AsSpan(1));
            await reader.NextResultAsync();
        }

        await reader.CloseAsync();
    }

    private static void Number(IReadOnlyList<PendingEvent> events, ReadOnlySpan<long> sequences)
    {
        for (var i = 0; i < events.Count; i++)
        {
            events[i].Sequence = sequences[i];
        }
    }

    /// <summary>
    /// Whether the batch's events exist durably, asking until a server answers (a promotion takes seconds); after a minute
    /// without an answer, <see cref="CommitUnknownException"/>. When they do, their sequence numbers are read back, as the
    /// append would have answered them.
    /// </summary>
    private async Task<bool> CommittedAsync(IReadOnlyList<PendingEvent> events)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync();
                await using var stored = connection.Command(
                    "select array_agg(e.seq_id order by l.n) from unnest($1::uuid[]) with ordinality as l(id, n) join mt_events e on e.id = l.id",
                    events.Select(e => e.Id).ToArray());
                if (await stored.ExecuteScalarAsync() is not long[] sequences)
                {
                    return false;
                }

                // Seen on a primary that may still be waiting for its standby: acknowledged only once the standby has it too.
                await connection.WaitReplicatedAsync(CancellationToken.None);
                Number(events, sequences);
                return true;
            }
            catch (NpgsqlException exception)
            {
                if (attempt == 60)
                {
                    throw new CommitUnknownException(events.Count, exception);
                }

                await Task.Delay(TimeSpan.FromSeconds(1), time);
            }
        }
    }

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "The connection broke during the commit of {Count} calls; their events are on the server, so they succeeded")]
    private static partial void LogAmbiguousCommitCommitted(ILogger logger, int count);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "A batch of {Count} calls failed as a whole; retrying each call alone")]
    private static partial void LogBatchRetried(ILogger logger, int count, Exception exception);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Error, Message = "Call {RequestId} could not be written to the log")]
    private static partial void LogCallFailed(ILogger logger, Guid requestId, Exception exception);
}
