using Microsoft.Extensions.Hosting;
using SecureQueue.Log.Queues;

namespace SecureQueue.Gateway.Telemetry;

/// <summary>
/// Counts the messages of all queues now and then for <c>secq.queue.messages</c>, so a scrape never waits on the
/// database and a call never pays for the gauge. A failed count keeps the last sample; readiness reports the database.
/// </summary>
public sealed class QueueDepthSampler(QueueReader reader, OpsOptions options, TimeProvider time) : BackgroundService
{
    /// <summary>
    /// A count reads every message row that is not visible (in flight, delayed, expired and not swept yet; see
    /// 116_message_counts.sql), so with many messages in flight it can take seconds. The sampler waits at least this many
    /// times as long as its last count took, which keeps its share of the database under one part in
    /// <see cref="Patience"/> + 1 of a backend, on every replica, however many messages are in flight.
    /// </summary>
    public const int Patience = 20;

    /// <summary>How long to wait after a count that took <paramref name="counting"/>: the interval, or longer after a slow count.</summary>
    public static TimeSpan NextWait(TimeSpan interval, TimeSpan counting) => TimeSpan.FromTicks(Math.Max(interval.Ticks, counting.Ticks * Patience));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(options.QueueDepthIntervalSeconds);
        while (true)
        {
            var started = time.GetTimestamp();
            try
            {
                GatewayMetrics.QueueDepth(await reader.TotalsAsync(time.GetUtcNow(), stoppingToken));
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Not this sampler's to report: the next count tries again.
            }

            await Task.Delay(NextWait(interval, time.GetElapsedTime(started)), time, stoppingToken);
        }
    }
}
