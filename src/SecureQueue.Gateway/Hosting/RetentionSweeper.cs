using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SecureQueue.Gateway.Keys;
using SecureQueue.Log.Events;

namespace SecureQueue.Gateway.Hosting;

/// <summary>
/// Enforces MessageRetentionPeriod: removes expired messages from the projection through the log writer and
/// records them in a <c>MessagesExpired</c> event. Receives never return an expired message even between sweeps.
/// </summary>
public sealed partial class RetentionSweeper(LogWriter writer, KeyService keys, TimeProvider time, ILogger<RetentionSweeper> logger) : BackgroundService
{
    private const int BatchSize = 1000;
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                while (await SweepAsync() == BatchSize && !stoppingToken.IsCancellationRequested)
                {
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogSweepFailed(logger, exception);
            }
        }
    }

    /// <summary>Removes one batch of expired messages; returns how many.</summary>
    public async Task<int> SweepAsync()
    {
        var envelope = new AuditEnvelope(Guid.NewGuid(), "RetentionSweep", "secq:system", null, "internal", null, null, null, null);
        var outcome = await writer.ExecuteAsync(envelope, async tx =>
        {
            var removed = await tx.Messages.DeleteExpiredAsync(tx.Now, BatchSize);
            await tx.Messages.DeleteExpiredFifoStateAsync(tx.Now, BatchSize);
            var destroyed = new List<Guid>();
            foreach (var queueId in removed.Select(r => r.QueueId).Distinct())
            {
                destroyed.AddRange(await tx.DataKeys.DestroyUnusedAsync(queueId, tx.Now));
            }

            return new Logged<(int Removed, List<Guid> Destroyed)>((removed.Count, destroyed), EventTypes.MessagesExpired, json =>
            {
                json.WriteStartArray("expired");
                foreach (var message in removed)
                {
                    json.WriteStartObject();
                    json.WriteNumber("queueId", message.QueueId);
                    json.WriteString("id", message.MessageId);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                DataKeyEvents.WriteDestroyed(json, destroyed);
            })
            { Append = removed.Count > 0 };
        });
        keys.Forget(outcome.Result.Destroyed);
        return outcome.Result.Removed;
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Error, Message = "Retention sweep failed; it will run again")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
