using Npgsql;
using SecureQueue.Log.Keys;
using SecureQueue.Log.Messages;
using SecureQueue.Log.MoveTasks;
using SecureQueue.Log.Queues;

namespace SecureQueue.Log.Events;

/// <summary>
/// One writer transaction as seen by a call's work: the projections to read and change, the current call's position
/// and event id, and the time it runs at. The events it collects are appended to Marten's store before commit.
/// </summary>
public sealed class LogTransaction
{
    private const int MaxErrorCode = 128;
    private const int MaxErrorMessage = 1024;
    private readonly List<PendingEvent> events = [];
    private readonly HashSet<long> signalledQueues = [];
    private readonly PositionBlock positions;
    private readonly EventStreams streams;

    // The positions of the calls whose work the prefetch did part of, by their index in the batch, and when it made them.
    private readonly Dictionary<int, long> ahead = [];
    private DateTimeOffset aheadAt;

    internal LogTransaction(NpgsqlConnection connection, PositionBlock positions, EventStreams streams)
    {
        Connection = connection;
        this.positions = positions;
        this.streams = streams;
        Queues = new QueueStore(connection);
        Messages = new MessageStore(connection);
        DataKeys = new DataKeyStore(connection, Messages);
        MoveTasks = new MoveTaskStore(connection);
    }

    /// <summary>The current call's position: unique, it keys the messages the call sends and is the nonce of the receipts it issues.</summary>
    public long Position { get; private set; }

    /// <summary>The id the current call's event will have; messages name the send event holding their bodies by it.</summary>
    public Guid EventId { get; private set; }

    public DateTimeOffset Now { get; private set; }

    public QueueStore Queues { get; }

    public MessageStore Messages { get; }

    public DataKeyStore DataKeys { get; }

    public MoveTaskStore MoveTasks { get; }

    internal NpgsqlConnection Connection { get; }

    internal IReadOnlyList<PendingEvent> Events => events;

    internal IReadOnlyCollection<long> SignalledQueues => signalledQueues;

    /// <summary>Wakes long polls on the queue once this transaction has committed.</summary>
    public void Signal(long queueId) => signalledQueues.Add(queueId);

    /// <summary>
    /// Reads the queues and data keys the batch's calls will ask for, and makes the deletes, visibility changes, claims and
    /// FIFO placements its calls will ask for, in one round trip (it also begins the transaction), in the order the calls then run
    /// (<see cref="Prefetch.Order"/>). Such a call gets its position now (a claim's nonce); <see cref="BeginCall"/> gives
    /// it the same position, and this time.
    /// </summary>
    internal async Task PrefetchAsync(IReadOnlyList<Prefetch> reads, DateTimeOffset now)
    {
        var queues = reads.Where(r => r.Queue is not null).Select(r => r.Queue!.Value).Distinct().ToList();
        var keys = reads.Where(r => r.DataKey is not null).Select(r => r.DataKey!.Value).Distinct().ToList();
        var deletes = new Dictionary<(long QueueId, bool RefuseExpired), List<(long, DeleteRequest)>>();
        var changes = new Dictionary<long, List<(long, IReadOnlyList<VisibilityChange>)>>();
        var claims = new Dictionary<long, List<ClaimReservation>>();
        var placements = new SortedDictionary<long, List<(long, IReadOnlyList<FifoMessage>)>>();
        for (var i = 0; i < reads.Count; i++)
        {
            if (!reads[i].Ahead)
            {
                continue;
            }

            var position = ahead[i] = positions.Next();
            if (reads[i].Delete is { } delete)
            {
                (deletes.TryGetValue((delete.QueueId, delete.RefuseExpired), out var list) ? list : deletes[(delete.QueueId, delete.RefuseExpired)] = []).Add((position, delete));
            }

            if (reads[i].Visibility is { } visibility)
            {
                (changes.TryGetValue(visibility.QueueId, out var list) ? list : changes[visibility.QueueId] = []).Add((position, visibility.At(now)));
            }

            if (reads[i].Claim is { } claim)
            {
                (claims.TryGetValue(claim.QueueId, out var list) ? list : claims[claim.QueueId] = []).Add(new ClaimReservation(position, claim.Limit, now + claim.Visibility));
            }

            if (reads[i].Place is { } place)
            {
                (placements.TryGetValue(place.QueueId, out var list) ? list : placements[place.QueueId] = []).Add((position, place.Messages));
            }
        }

        if (queues.Count == 0 && keys.Count == 0 && ahead.Count == 0)
        {
            return;
        }

        aheadAt = now;
        await using var batch = new NpgsqlBatch(Connection);
        if (queues.Count > 0)
        {
            batch.BatchCommands.Add(QueueStore.FindCommand(queues));
        }

        if (keys.Count > 0)
        {
            batch.BatchCommands.Add(DataKeyStore.LiveCommand(keys));
        }

        foreach (var ((queueId, _), requests) in deletes)
        {
            batch.BatchCommands.Add(MessageStore.DeleteCommand(queueId, requests, now));
        }

        foreach (var (queueId, requests) in changes)
        {
            batch.BatchCommands.Add(MessageStore.VisibilityCommand(queueId, requests));
        }

        foreach (var (queueId, requests) in claims)
        {
            batch.BatchCommands.Add(MessageStore.ReserveCommand(queueId, now, requests));
        }

        // In queue order: each statement locks its groups in group order, so replicas placing in the same queues never deadlock.
        foreach (var (queueId, requests) in placements)
        {
            batch.BatchCommands.Add(MessageStore.PlaceCommand(queueId, requests, now));
        }

        await using var reader = await batch.ExecuteReaderAsync();
        if (queues.Count > 0)
        {
            await Queues.ReadFoundAsync(reader, queues);
            await reader.NextResultAsync();
        }

        if (keys.Count > 0)
        {
            await DataKeys.ReadLiveAsync(reader, keys);
            await reader.NextResultAsync();
        }

        foreach (var ((queueId, _), requests) in deletes)
        {
            await Messages.ReadDeletedAsync(reader, queueId, requests);
            await reader.NextResultAsync();
        }

        foreach (var (queueId, requests) in changes)
        {
            await Messages.ReadChangedAsync(reader, queueId, requests);
            await reader.NextResultAsync();
        }

        foreach (var (queueId, requests) in claims)
        {
            await Messages.ReadReservedAsync(reader, queueId, requests);
            await reader.NextResultAsync();
        }

        foreach (var (queueId, requests) in placements)
        {
            await Messages.ReadPlacedAsync(reader, queueId, requests);
            await reader.NextResultAsync();
        }
    }

    /// <summary>Starts the work of the batch's call number <paramref name="index"/> (in the order its prefetches were given).</summary>
    internal void BeginCall(DateTimeOffset now, int index)
    {
        var early = ahead.Remove(index, out var position);
        Now = early ? aheadAt : now;
        Position = early ? position : positions.Next();
        Messages.Call = Position;
        EventId = Guid.CreateVersion7(Now);
    }

    internal PendingEvent Append(AuditEnvelope envelope, EventType eventType, string? errorCode, string? errorMessage, Action<System.Text.Json.Utf8JsonWriter>? detail, byte[]? attachment)
    {
        errorCode = AuditText.Storable(errorCode, MaxErrorCode);
        var recordedAt = EventData.Time(Now);
        var data = EventData.Write(envelope, eventType.Name, recordedAt, errorCode, AuditText.Storable(errorMessage, MaxErrorMessage), detail);
        var pending = new PendingEvent(EventId, streams.Of(envelope, errorCode is not null), envelope.RequestId, eventType.Name, data, attachment, LookupKeys.Of(envelope, recordedAt));
        events.Add(pending);
        return pending;
    }
}

/// <summary>An event collected for the batch: its record, attachment and lookup attributes; the append fills <see cref="Sequence"/>.</summary>
internal sealed record PendingEvent(Guid Id, string Stream, Guid RequestId, string EventType, byte[] Data, byte[]? Attachment, LookupKeys Lookup)
{
    public long? Sequence { get; set; }
}
