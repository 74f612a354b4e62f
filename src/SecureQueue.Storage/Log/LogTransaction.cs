using Npgsql;
using SecureQueue.Storage.Keys;
using SecureQueue.Storage.Messages;
using SecureQueue.Storage.Queues;

namespace SecureQueue.Storage.Log;

/// <summary>
/// One writer transaction as seen by a call's work: the projections to read and change, the position its
/// event will take, and the time it runs at.
/// </summary>
public sealed class LogTransaction
{
    private const int MaxErrorCode = 128;
    private const int MaxErrorMessage = 1024;
    private readonly List<PendingEvent> events = [];
    private readonly HashSet<long> signalledQueues = [];
    private long lastPosition;
    private byte[] lastHash;

    internal LogTransaction(NpgsqlConnection connection, long lastPosition, byte[] lastHash, DateTimeOffset now)
    {
        Connection = connection;
        this.lastPosition = lastPosition;
        this.lastHash = lastHash;
        Now = now;
        Queues = new QueueStore(connection);
        Messages = new MessageStore(connection);
        DataKeys = new DataKeyStore(connection, Messages);
    }

    /// <summary>The position the current call's event will be written at.</summary>
    public long Position => lastPosition + 1;

    public DateTimeOffset Now { get; internal set; }

    public QueueStore Queues { get; }

    public MessageStore Messages { get; }

    public DataKeyStore DataKeys { get; }

    internal NpgsqlConnection Connection { get; }

    internal IReadOnlyList<PendingEvent> Events => events;

    internal IReadOnlyCollection<long> SignalledQueues => signalledQueues;

    internal long LastPosition => lastPosition;

    internal byte[] LastHash => lastHash;

    /// <summary>Wakes long polls on the queue once this transaction has committed.</summary>
    public void Signal(long queueId) => signalledQueues.Add(queueId);

    internal void Append(AuditEnvelope envelope, string eventType, string? errorCode, string? errorMessage, Action<System.Text.Json.Utf8JsonWriter>? detail)
    {
        var position = lastPosition + 1;
        var recordedAt = EventHash.StoredTime(Now);
        errorCode = AuditText.Storable(errorCode, MaxErrorCode);
        var data = EventData.Write(envelope, eventType, recordedAt, errorCode, AuditText.Storable(errorMessage, MaxErrorMessage), detail);
        var row = new EventRow(
            position, recordedAt, eventType, envelope.Action, envelope.RequestId, envelope.PrincipalArn, envelope.AccessKeyId, envelope.SourceIp,
            envelope.UserAgent, envelope.ResourceArn, errorCode, envelope.TlsVersion, envelope.TlsCipher, envelope.Authorization?.Decision, data);
        var hash = EventHash.Compute(lastHash, row);
        events.Add(new PendingEvent(position, recordedAt, eventType, envelope, errorCode, data, lastHash, hash));
        lastPosition = position;
        lastHash = hash;
    }
}

internal sealed record PendingEvent(
    long Position, DateTimeOffset RecordedAt, string EventType, AuditEnvelope Envelope, string? ErrorCode, byte[] Data, byte[] PreviousHash, byte[] Hash);
