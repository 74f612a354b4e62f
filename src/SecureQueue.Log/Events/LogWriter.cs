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

    /// <summary>Runs a call's work in the next batch; completes after the batch holding its event committed.</summary>
    public Task<LogOutcome<T>> ExecuteAsync<T>(AuditEnvelope envelope, Func<LogTransaction, ValueTask<Logged<T>>> work)
    {
        var item = new WorkItem<T>(envelope, work);
        if (!channel.Writer.TryWrite(item))
        {
            throw new InvalidOperationException("The log writer has stopped.");
        }

        return item.Task;
    }

    /// <summary>Appends the event of a call whose work is already done (a read on a pooled connection); completes after commit.</summary>
    public Task<LogOutcome<bool>> AppendAsync(AuditEnvelope envelope, string eventType, Action<System.Text.Json.Utf8JsonWriter>? detail = null) =>
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
        catch (Exception exception) when (batch.Count > 1 && exception is not OperationCanceledException)
        {
            LogBatchRetried(logger, batch.Count, exception);
        }
        catch (Exception exception)
        {
            LogCallFailed(logger, batch[0].Envelope.RequestId, exception);
            batch[0].Fail(exception);
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
        foreach (var item in batch)
        {
            log.BeginCall(time.GetUtcNow());
            await item.RunAsync(log);
        }

        await log.Messages.FlushAsync();
        if (log.Events.Count > 0)
        {
            await AppendAsync(connection, log);
        }

        try
        {
            await transaction.CommitAsync();
        }
        catch (NpgsqlException exception) when (exception is not PostgresException && log.Events.Count > 0)
        {
            // The connection broke during COMMIT (the primary failed over): the batch is committed or not, and re-running
            // its calls would store a committed one twice. Its events' ids were fixed before the append, so one of them
            // on the server (the multi-host data source reaches the new primary) decides it for the whole transaction.
            if (!await CommittedAsync(log.Events[0].Id))
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

    /// <summary>Appends the batch's events to their streams, their lookup rows, and the NOTIFY that wakes other replicas' long polls, in one round trip.</summary>
    private async Task AppendAsync(NpgsqlConnection connection, LogTransaction log)
    {
        var byStream = log.Events.GroupBy(e => e.Stream).Select(g => g.ToList()).ToList();
        await using var batch = new NpgsqlBatch(connection);
        foreach (var events in byStream)
        {
            batch.BatchCommands.Add(append.Command(events[0].Stream, events));
        }

        var lookup = EventAppend.Lookup(log.Events);
        batch.BatchCommands.Add(lookup);

        if (log.SignalledQueues.Count > 0)
        {
            var notify = new NpgsqlBatchCommand("select pg_notify($1, q::text) from unnest($2::bigint[]) as q");
            notify.Parameters.Add(new NpgsqlParameter { Value = QueueSignals.Channel });
            notify.Parameters.Add(new NpgsqlParameter { Value = log.SignalledQueues.ToArray() });
            batch.BatchCommands.Add(notify);
        }

        await using var reader = await batch.ExecuteReaderAsync();
        foreach (var events in byStream)
        {
            // Marten's function answers the stream's new version, then each event's sequence number in order.
            await reader.ReadAsync();
            var numbers = reader.GetFieldValue<long[]>(0);
            for (var i = 0; i < events.Count; i++)
            {
                events[i].Sequence = numbers[i + 1];
            }

            await reader.NextResultAsync();
        }

        await reader.CloseAsync();
        if (lookup.RecordsAffected != log.Events.Count)
        {
            throw new InvalidOperationException($"{lookup.RecordsAffected} lookup rows stored for {log.Events.Count} events.");
        }
    }

    /// <summary>Whether the event exists durably, asking until a server answers (a promotion takes seconds); throws after a minute.</summary>
    private async Task<bool> CommittedAsync(Guid eventId)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync();
                await using var exists = connection.Command("select exists (select from mt_events where id = $1)", eventId);
                if (!(bool)(await exists.ExecuteScalarAsync())!)
                {
                    return false;
                }

                // Seen on a primary that may still be waiting for its standby: acknowledged only once the standby has it too.
                await connection.WaitReplicatedAsync(CancellationToken.None);
                return true;
            }
            catch (NpgsqlException) when (attempt < 60)
            {
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
