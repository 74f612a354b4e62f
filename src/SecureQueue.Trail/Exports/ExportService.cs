using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SecureQueue.Gateway;
using SecureQueue.Log.Audit;
using SecureQueue.Trail.Records;

namespace SecureQueue.Trail.Exports;

/// <summary>
/// The continuous export: every interval, the replica that holds the export's PostgreSQL advisory lock
/// (<see cref="AdvisoryLease"/>, checked before every pass) runs one export pass into the configured directory. When
/// the holder stops, crashes or loses its connection, the lock ends and the next replica to try takes the export over,
/// continuing from the state in the (shared) directory. Marten's async daemon elects its HotCold leader the same way,
/// but it would feed this service Marten's sequence up to its high-water mark, which the export must not follow (it
/// follows the seals), so only the election is reproduced here.
/// </summary>
internal sealed partial class ExportService(
    SealedLog log, ExportSettings settings, CheckpointSettings checkpoints, GatewayOptions options, TimeProvider time, ILogger<ExportService> logger)
    : BackgroundService
{
    private const long AdvisoryLockKey = 0x5345_4351_4558_5054;
    private readonly AdvisoryLease lease = log.Lease(AdvisoryLockKey);

    /// <summary>Whether this replica held the export's lock at its last check.</summary>
    public bool IsExporter => lease.IsHeld;

    /// <summary>Completed passes of this replica, for operators' health checks and tests.</summary>
    public long Passes { get; private set; }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await lease.ReleaseAsync();
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
            var held = lease.IsHeld;
            if (!await lease.HoldAsync(cancellationToken))
            {
                if (held)
                {
                    LogLeaseLost(logger);
                }

                return;
            }

            if (!held)
            {
                LogLeaseTaken(logger, settings.Directory);
            }

            var exporter = new TrailExporter(log, checkpoints.Key, time);
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
            await lease.ReleaseAsync();
        }
    }

    [LoggerMessage(EventId = 5301, Level = LogLevel.Information, Message = "This replica now runs the audit export into {Directory}")]
    private static partial void LogLeaseTaken(ILogger logger, string directory);

    [LoggerMessage(EventId = 5302, Level = LogLevel.Warning, Message = "This replica lost the audit export's lock; another replica may take the export over")]
    private static partial void LogLeaseLost(ILogger logger);

    [LoggerMessage(EventId = 5303, Level = LogLevel.Debug, Message = "Exported {Records} records up to position {Position}; {Digests} digests written")]
    private static partial void LogExported(ILogger logger, long records, long position, int digests);

    [LoggerMessage(EventId = 5304, Level = LogLevel.Error, Message = "Audit export pass failed; the next pass continues from the export's state")]
    private static partial void LogExportFailed(ILogger logger, Exception exception);
}
