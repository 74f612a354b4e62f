using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using SecureQueue.Gateway;
using SecureQueue.Log.Audit;
using SecureQueue.Trail.Records;

namespace SecureQueue.Trail.Exports;

/// <summary>
/// The continuous export: every interval, the replica that holds the export's PostgreSQL advisory lock runs one export
/// pass into the configured directory. The lock is a session lock on a connection kept open for it, checked before
/// every pass: when the holder stops, crashes or loses its connection, the lock is released and the next replica to
/// try takes it over, continuing from the state in the (shared) directory. Marten's async daemon does its HotCold
/// leader election the same way, but it would feed this service Marten's sequence up to its high-water mark, which
/// the export must not follow (it follows the seals), so only the election is reproduced here.
/// </summary>
public sealed partial class ExportService(
    NpgsqlDataSource dataSource, ExportSettings settings, CheckpointSettings checkpoints, GatewayOptions options, TimeProvider time,
    ILogger<ExportService> logger) : BackgroundService
{
    private const long AdvisoryLockKey = 0x5345_4351_4558_5054;
    private NpgsqlConnection? lease;

    /// <summary>Whether this replica held the export's lock at its last check.</summary>
    public bool IsExporter => lease is not null;

    /// <summary>Completed passes of this replica, for operators' health checks and tests.</summary>
    public long Passes { get; private set; }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await ReleaseAsync();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.Interval, time);
        try
        {
            do
            {
                await PassAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown: StopAsync releases the lock.
        }
    }

    private async Task PassAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (!await HoldAsync(cancellationToken))
            {
                return;
            }

            var exporter = new TrailExporter(new SealedLog(dataSource), checkpoints.Key, time);
            var result = await exporter.ExportAsync(
                new ExportRequest(settings.Directory, settings.Format, new TrailSettings(options.AccountId, options.Region)), null, cancellationToken);
            Passes++;
            if (result.Records > 0 || result.Digests.Count > 0)
            {
                LogExported(logger, result.Records, result.LastPosition, result.Digests.Count);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The next pass starts over from the directory's state; a lock whose connection failed is let go.
            LogExportFailed(logger, exception);
            await ReleaseAsync();
        }
    }

    /// <summary>True while this replica holds the lock: checks the held connection, or tries to take the lock.</summary>
    private async Task<bool> HoldAsync(CancellationToken cancellationToken)
    {
        if (lease is not null)
        {
            try
            {
                await using var check = new NpgsqlCommand("select 1", lease);
                await check.ExecuteScalarAsync(cancellationToken);
                return true;
            }
            catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException)
            {
                LogLeaseLost(logger, exception);
                await ReleaseAsync();
            }
        }

        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var take = new NpgsqlCommand("select pg_try_advisory_lock($1)", connection) { Parameters = { new() { Value = AdvisoryLockKey } } })
        {
            if (await take.ExecuteScalarAsync(cancellationToken) is true)
            {
                lease = connection;
                LogLeaseTaken(logger, settings.Directory);
                return true;
            }
        }

        await connection.DisposeAsync();
        return false;
    }

    /// <summary>
    /// Unlocks before the connection goes back to the pool: the pool keeps sessions open (no reset on close), so a
    /// session lock would otherwise outlive its holder. A broken connection is not pooled, and its lock ended with it.
    /// </summary>
    private async Task ReleaseAsync()
    {
        if (lease is not { } connection)
        {
            return;
        }

        lease = null;
        try
        {
            await using var unlock = new NpgsqlCommand("select pg_advisory_unlock($1)", connection) { Parameters = { new() { Value = AdvisoryLockKey } } };
            await unlock.ExecuteScalarAsync(CancellationToken.None);
        }
        catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException)
        {
            LogLeaseLost(logger, exception);
        }
        finally
        {
            await connection.DisposeAsync();
        }
    }

    [LoggerMessage(EventId = 5301, Level = LogLevel.Information, Message = "This replica now runs the audit export into {Directory}")]
    private static partial void LogLeaseTaken(ILogger logger, string directory);

    [LoggerMessage(EventId = 5302, Level = LogLevel.Warning, Message = "The audit export's lock connection failed; another replica may take the export over")]
    private static partial void LogLeaseLost(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5303, Level = LogLevel.Debug, Message = "Exported {Records} records up to position {Position}; {Digests} digests written")]
    private static partial void LogExported(ILogger logger, long records, long position, int digests);

    [LoggerMessage(EventId = 5304, Level = LogLevel.Error, Message = "Audit export pass failed; the next pass continues from the export's state")]
    private static partial void LogExportFailed(ILogger logger, Exception exception);
}
