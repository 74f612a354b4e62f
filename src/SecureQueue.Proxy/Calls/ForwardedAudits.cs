using System.Text.Json;
using Microsoft.Extensions.Logging;
using SecureQueue.Log.Events;

namespace SecureQueue.Proxy.Calls;

/// <summary>
/// The events of forwarded requests, appended without holding the request's connection. The upstream's answer has gone
/// to the caller when the event is written (a response is streamed, so it cannot wait for the commit as SQS answers do),
/// so waiting for the commit guarded nothing: it only held the connection's next request back, one writer commit per
/// request per connection. The event is in the writer's queue when <see cref="AppendAsync"/> returns, and a stopping
/// gateway commits what is queued. At most <see cref="MaxPending"/> wait for their commit; past that a request waits for
/// a place, so a database that falls behind slows callers down instead of filling memory. A failed append is logged as
/// critical, as the pipeline logs any call it could not audit.
/// </summary>
internal sealed partial class ForwardedAudits(LogWriter writer, ILogger<ForwardedAudits> logger, int maxPending = ForwardedAudits.MaxPending) : IDisposable
{
    public const int MaxPending = 4096;
    private readonly SemaphoreSlim places = new(maxPending, maxPending);

    /// <summary>Queues the request's event; returns once it is queued, not committed.</summary>
    public Task AppendAsync(AuditEnvelope envelope, EventType eventType, Action<Utf8JsonWriter> detail) =>
        QueueAsync(envelope.RequestId, () => writer.AppendAsync(envelope, eventType, detail));

    public void Dispose() => places.Dispose();

    /// <summary>Takes a place, waiting for one if all are taken, and starts <paramref name="append"/> in it; returns once it started.</summary>
    internal async Task QueueAsync(Guid requestId, Func<Task> append)
    {
        await places.WaitAsync();
        _ = CommitAsync(requestId, append);
    }

    private async Task CommitAsync(Guid requestId, Func<Task> append)
    {
        try
        {
            await append();
        }
        catch (Exception exception)
        {
            LogAuditLost(logger, requestId, exception);
        }
        finally
        {
            places.Release();
        }
    }

    [LoggerMessage(EventId = 2003, Level = LogLevel.Critical, Message = "Forwarded request {RequestId} could not be audited")]
    private static partial void LogAuditLost(ILogger logger, Guid requestId, Exception exception);
}
