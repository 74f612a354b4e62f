using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using SecureQueue.Log.Audit;
using SecureQueue.Log.Events;
using SecureQueue.Log.Queues;
using SecureQueue.Log.Signals;

namespace SecureQueue.Benchmarks;

/// <summary>Fills a log for a benchmark through the real log writer (so the rows are what the gateway stores), and seals it.</summary>
internal static class LogLoad
{
    private const int Chunk = 4096;

    /// <param name="next">The envelope, event type, detail and attachment (a send's sealed bodies) of the next call to record.</param>
    /// <param name="clock">The writer's clock, which gives each event its recorded time (the system's by default).</param>
    public static async Task WriteAsync(
        NpgsqlDataSource dataSource, int count, Func<(AuditEnvelope Envelope, string Type, Action<System.Text.Json.Utf8JsonWriter> Detail, byte[]? Attachment)> next,
        TimeProvider? clock = null)
    {
        using var store = EventStore.Create(dataSource);
        using var sealer = new LogSealer(dataSource, NullLogger<LogSealer>.Instance);
        var writer = new LogWriter(
            dataSource, store, sealer, new QueueSignals(), new QueueDirectory(dataSource, TimeProvider.System), clock ?? TimeProvider.System, NullLogger<LogWriter>.Instance);
        await writer.StartAsync(CancellationToken.None);
        for (var written = 0; written < count; written += Chunk)
        {
            var calls = Enumerable.Range(0, Math.Min(Chunk, count - written)).Select(_ =>
            {
                var (envelope, type, detail, attachment) = next();
                return writer.ExecuteAsync(envelope, _ => ValueTask.FromResult(new Logged<bool>(true, EventTypes.All.Single(t => t.Name == type), detail) { Attachment = attachment }));
            }).ToList();
            await Task.WhenAll(calls);
            if (written % (Chunk * 32) == 0)
            {
                // Sealing as it goes, as a gateway's sealer would, keeps the last pass short.
                await sealer.SealAllAsync(CancellationToken.None);
            }
        }

        await writer.StopAsync(CancellationToken.None);
        writer.Dispose();
        // The sealer is not running as a service here: seal everything written.
        await sealer.SealAllAsync(CancellationToken.None);
    }
}
