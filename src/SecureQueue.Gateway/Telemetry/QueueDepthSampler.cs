using Microsoft.Extensions.Hosting;
using SecureQueue.Log.Queues;

namespace SecureQueue.Gateway.Telemetry;

/// <summary>
/// Counts the messages of all queues now and then for <c>secq.queue.messages</c>, so a scrape never waits on the
/// database and a call never pays for the gauge. A failed count keeps the last sample; readiness reports the database.
/// </summary>
internal sealed class QueueDepthSampler(QueueReader reader, OpsOptions options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.QueueDepthIntervalSeconds), time);
        do
        {
            try
            {
                GatewayMetrics.QueueDepth(await reader.TotalsAsync(time.GetUtcNow(), stoppingToken));
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Not this sampler's to report: the next tick tries again.
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
