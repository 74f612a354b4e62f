using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace SecureQueue.Log.Audit;

/// <summary>
/// Every interval, and once more at shutdown, signs a checkpoint of the last seal if sealing advanced since this
/// file's newest checkpoint, appends it to the checkpoint file, then stores it in the database. The file comes first:
/// after a crash between the two, start-up stores the file's newest line again. Registered before the sealer and the
/// writer, so it stops after the writer committed its last batch and the sealer sealed it.
/// </summary>
public sealed partial class CheckpointService(NpgsqlDataSource dataSource, CheckpointSettings settings, TimeProvider time, ILogger<CheckpointService> logger)
    : BackgroundService
{
    private static readonly TimeSpan StopPatience = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan StopRetry = TimeSpan.FromMilliseconds(200);
    private readonly SemaphoreSlim gate = new(1, 1);
    private long lastPosition;

    // A line already in the file whose row the database has not confirmed (the connection broke, e.g. in a failover):
    // stored before anything else, so the file never holds a checkpoint the database lacks for longer than one interval.
    private Checkpoint? unstored;

    /// <summary>
    /// Refuses to start when the file's newest checkpoint does not match the database: the log was rolled back or
    /// rewritten behind it, and appending to it would hide that.
    /// </summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (CheckpointFile.Last(settings.File) is { } last)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using (var read = connection.Command(SealSql.HashAt, last.Position))
            {
                var stored = last.Position == 0 ? last.Hash : await read.ExecuteScalarAsync(cancellationToken) as byte[];
                if (stored is null || !stored.AsSpan().SequenceEqual(last.Hash))
                {
                    throw new InvalidOperationException(
                        $"{CheckpointFile.Setting} '{settings.File}' anchors position {last.Position}, but the database's log " +
                        (stored is null ? "ends before it" : "has a different event there") +
                        ": it was rolled back or rewritten, or the file belongs to another database. Run secq audit verify.");
                }
            }

            await StoreAsync(connection, last, cancellationToken);
            lastPosition = last.Position;
        }

        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await CheckpointAtStopAsync();
    }

    /// <summary>Writes a checkpoint of the last seal if sealing advanced; returns it, or null when there was nothing new.</summary>
    public async Task<Checkpoint?> CheckpointAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            if (unstored is { } pending)
            {
                await StoreAsync(connection, pending, CancellationToken.None);
                unstored = null;
            }

            long position;
            byte[] hash;
            await using (var head = connection.Command(SealSql.Last))
            await using (var reader = await head.ExecuteReaderAsync(cancellationToken))
            {
                if (!await reader.ReadAsync(cancellationToken))
                {
                    return null;
                }

                position = reader.GetInt64(0);
                hash = reader.GetFieldValue<byte[]>(1);
            }

            if (position <= lastPosition)
            {
                return null;
            }

            // Only a seal the standby holds: no failover can then take back what the file anchors.
            await connection.WaitReplicatedAsync(cancellationToken);
            var checkpoint = Checkpoint.Sign(settings.Key, position, hash, time.GetUtcNow(), settings.Origin);
            CheckpointFile.Append(settings.File, checkpoint);
            lastPosition = position;
            unstored = checkpoint;

            // Once its line is in the file the row must follow, or verify would report the line missing from the
            // database: a shutdown that cancels the periodic checkpoint must not cancel this insert.
            await StoreAsync(connection, checkpoint, CancellationToken.None);
            unstored = null;
            return checkpoint;
        }
        finally
        {
            gate.Release();
        }
    }

    public override void Dispose()
    {
        gate.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await TryCheckpointAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown: StopAsync writes the last checkpoint.
        }
    }

    /// <summary>
    /// Not cancelled by a shutdown timeout: the last checkpoint is one small write, and the one that matters most. A
    /// failover or the cluster's connection limit can refuse it for a moment, so it is retried for a while; the wall
    /// clock bounds that, not the service's TimeProvider, which a test may hold still.
    /// </summary>
    private async Task CheckpointAtStopAsync()
    {
        using var patience = new CancellationTokenSource(StopPatience);
        while (true)
        {
            try
            {
                if (await CheckpointAsync(CancellationToken.None) is { } checkpoint)
                {
                    LogCheckpointed(logger, checkpoint.Position, checkpoint.KeyId);
                }

                return;
            }
            catch (NpgsqlException exception) when (!patience.IsCancellationRequested)
            {
                LogStopCheckpointRetried(logger, exception);
            }
            catch (Exception exception)
            {
                LogStopCheckpointFailed(logger, exception);
                return;
            }

            try
            {
                await Task.Delay(StopRetry, patience.Token);
            }
            catch (OperationCanceledException)
            {
                // One last attempt: its failure is then reported as final.
            }
        }
    }

    private async Task TryCheckpointAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (await CheckpointAsync(cancellationToken) is { } checkpoint)
            {
                LogCheckpointed(logger, checkpoint.Position, checkpoint.KeyId);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogCheckpointFailed(logger, exception);
        }
    }

    private static async Task StoreAsync(NpgsqlConnection connection, Checkpoint checkpoint, CancellationToken cancellationToken)
    {
        await using var insert = connection.Command(
            CheckpointSql.Insert, checkpoint.Signature, checkpoint.Position, checkpoint.Hash, checkpoint.Time, checkpoint.KeyId, checkpoint.Origin);
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Debug, Message = "Checkpoint at position {Position} signed with key {KeyId}")]
    private static partial void LogCheckpointed(ILogger logger, long position, string keyId);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Error, Message = "Checkpoint could not be written; retrying at the next interval")]
    private static partial void LogCheckpointFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Warning, Message = "The last checkpoint could not be written yet; retrying")]
    private static partial void LogStopCheckpointRetried(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Error,
        Message = "Stopped without the last checkpoint; the next checkpoint any replica writes anchors these events")]
    private static partial void LogStopCheckpointFailed(ILogger logger, Exception exception);
}
