using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace SecureQueue.Log.Signals;

/// <summary>
/// Carries other replicas' commit hints (NOTIFY payload = queue id) to local long polls. Hints only: a
/// waiter always re-queries, and falls back to a timed re-check if a hint is lost.
/// </summary>
public sealed partial class QueueListener(NpgsqlDataSource dataSource, QueueSignals signals, ILogger<QueueListener> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, e) =>
                {
                    if (long.TryParse(e.Payload, NumberStyles.None, CultureInfo.InvariantCulture, out var queueId))
                    {
                        signals.Signal(queueId);
                    }
                };
                await using (var listen = new NpgsqlCommand($"listen {QueueSignals.Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                signals.SignalAll();
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException or System.IO.IOException)
            {
                LogListenerLost(logger, exception);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    [LoggerMessage(EventId = 1401, Level = LogLevel.Warning, Message = "Queue notification listener lost its connection; reconnecting")]
    private static partial void LogListenerLost(ILogger logger, Exception exception);
}
