using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using SecureQueue.Storage.Queues;
using SecureQueue.Storage.Signals;

namespace SecureQueue.Storage.Log;

/// <summary>
/// The one writer of a process: takes calls from a channel and commits whatever has queued in one
/// transaction (group commit), so one WAL flush serves many calls while <c>synchronous_commit</c> stays on.
/// </summary>
public sealed partial class LogWriter(
    NpgsqlDataSource dataSource, QueueSignals signals, QueueDirectory directory, TimeProvider time, ILogger<LogWriter> logger)
    : BackgroundService
{
    private const int MaxBatch = 256;
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

    private async Task RunAsync(IReadOnlyList<WorkItem> batch)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var head = await LockHeadAsync(connection);
        var log = new LogTransaction(connection, head.Position, head.Hash, time.GetUtcNow());
        foreach (var item in batch)
        {
            log.Now = time.GetUtcNow();
            await item.RunAsync(log);
        }

        await log.Messages.FlushAsync();
        if (log.Events.Count > 0)
        {
            await WriteEventsAsync(connection, log);
        }

        await transaction.CommitAsync();
        directory.Invalidate(log.Queues.Changed);
        signals.Signal(log.SignalledQueues);
        foreach (var item in batch)
        {
            item.Complete();
        }
    }

    private static async Task<(long Position, byte[] Hash)> LockHeadAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand("select last_position, last_hash from log_head where id for update", connection);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            throw new InvalidOperationException("log_head is missing: the schema was not migrated.");
        }

        return (reader.GetInt64(0), reader.GetFieldValue<byte[]>(1));
    }

    private static async Task WriteEventsAsync(NpgsqlConnection connection, LogTransaction log)
    {
        var events = log.Events;
        await using var batch = new NpgsqlBatch(connection);
        var insert = new NpgsqlBatchCommand(EventSql.Insert);
        insert.Parameters.Add(Array(events, e => e.Position, NpgsqlDbType.Bigint));
        insert.Parameters.Add(Array(events, e => e.RecordedAt, NpgsqlDbType.TimestampTz));
        insert.Parameters.Add(Array(events, e => e.EventType, NpgsqlDbType.Text));
        insert.Parameters.Add(Array(events, e => e.Envelope.Action, NpgsqlDbType.Text));
        insert.Parameters.Add(Array(events, e => e.Envelope.RequestId, NpgsqlDbType.Uuid));
        insert.Parameters.Add(Array(events, e => e.Envelope.PrincipalArn, NpgsqlDbType.Text));
        insert.Parameters.Add(Array(events, e => e.Envelope.AccessKeyId, NpgsqlDbType.Text));
        insert.Parameters.Add(Array(events, e => e.Envelope.SourceIp, NpgsqlDbType.Text));
        insert.Parameters.Add(Array(events, e => e.Envelope.UserAgent, NpgsqlDbType.Text));
        insert.Parameters.Add(Array(events, e => e.Envelope.ResourceArn, NpgsqlDbType.Text));
        insert.Parameters.Add(Array(events, e => e.ErrorCode, NpgsqlDbType.Text));
        insert.Parameters.Add(Array(events, e => e.Envelope.TlsVersion, NpgsqlDbType.Text));
        insert.Parameters.Add(Array(events, e => e.Envelope.TlsCipher, NpgsqlDbType.Text));
        insert.Parameters.Add(Array(events, e => e.Envelope.Authorization?.Decision, NpgsqlDbType.Text));
        insert.Parameters.Add(Array(events, e => e.Data, NpgsqlDbType.Bytea));
        insert.Parameters.Add(Array(events, e => e.PreviousHash, NpgsqlDbType.Bytea));
        insert.Parameters.Add(Array(events, e => e.Hash, NpgsqlDbType.Bytea));
        batch.BatchCommands.Add(insert);

        var head = new NpgsqlBatchCommand("update log_head set last_position = $1, last_hash = $2 where id");
        head.Parameters.Add(new NpgsqlParameter { Value = log.LastPosition });
        head.Parameters.Add(new NpgsqlParameter { Value = log.LastHash });
        batch.BatchCommands.Add(head);

        if (log.SignalledQueues.Count > 0)
        {
            var notify = new NpgsqlBatchCommand("select pg_notify($1, q::text) from unnest($2::bigint[]) as q");
            notify.Parameters.Add(new NpgsqlParameter { Value = QueueSignals.Channel });
            notify.Parameters.Add(new NpgsqlParameter { Value = log.SignalledQueues.ToArray() });
            batch.BatchCommands.Add(notify);
        }

        await batch.ExecuteNonQueryAsync();
    }

    private static NpgsqlParameter Array<TValue>(IReadOnlyList<PendingEvent> events, Func<PendingEvent, TValue> select, NpgsqlDbType type) =>
        new() { Value = events.Select(select).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | type };

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "A batch of {Count} calls failed as a whole; retrying each call alone")]
    private static partial void LogBatchRetried(ILogger logger, int count, Exception exception);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Error, Message = "Call {RequestId} could not be written to the log")]
    private static partial void LogCallFailed(ILogger logger, Guid requestId, Exception exception);
}
