namespace SecureQueue.Log.Messages;

/// <summary>Where a message lives: the send event's position and its index within that event.</summary>
public readonly record struct MessageKey(long Position, short Index);

/// <summary>
/// A message to add to the projection; its sealed body stays in the send event (or the dead-letter move event), sealed
/// with data key <c>KeyId</c>. A message moved to a dead-letter queue keeps the receive count it had.
/// </summary>
public sealed record NewMessage(
    short Index, Guid MessageId, DateTimeOffset SentAt, DateTimeOffset VisibleAt, DateTimeOffset ExpiresAt, Guid KeyId, int ReceiveCount = 0, FifoPlace? Fifo = null);

/// <summary>Where a FIFO message stands: its group (caller text, kept in clear because ordering needs it) and its sequence number.</summary>
public sealed record FifoPlace(string GroupId, decimal Sequence);

/// <summary>A message claimed by a receive, with the receipt nonce its handle must carry.</summary>
public sealed record ClaimedMessage(
    MessageKey Key, Guid MessageId, int ReceiveCount, long ReceiptNonce, DateTimeOffset SentAt, DateTimeOffset FirstReceivedAt)
{
    /// <summary>A FIFO message's sequence number; null on a standard queue.</summary>
    public decimal? Sequence { get; init; }

    /// <summary>A FIFO message's group; null on a standard queue.</summary>
    public string? GroupId { get; init; }
}

/// <summary>Messages claimed by one receive, and the send events (by position) that hold their sealed bodies.</summary>
public sealed record ClaimedBatch(IReadOnlyList<ClaimedMessage> Messages, IReadOnlyDictionary<long, SendEvent> SendEvents)
{
    /// <summary>When a retried FIFO receive attempt first claimed its messages; null for a claim made now.</summary>
    public DateTimeOffset? FirstClaimedAt { get; init; }
}

/// <summary>A send (or dead-letter move) event as the receive reads it: its record and its attachment of sealed bodies.</summary>
public sealed record SendEvent(byte[] Data, byte[]? Attachment);

/// <summary>A receipt as a caller presented it: the message it names and the nonce of that receive.</summary>
public sealed record Receipt(MessageKey Key, long Nonce);

/// <summary>A visibility change for one receipt.</summary>
public sealed record VisibilityChange(Receipt Receipt, DateTimeOffset VisibleAt);

/// <summary>A message removed from the projection, and the queue it was in.</summary>
public sealed record RemovedMessage(long QueueId, MessageKey Key, Guid MessageId);

/// <summary>
/// A standard receive's claim, named before the call runs so the writer can claim for all of a batch's receives at once:
/// up to <paramref name="Limit"/> messages of queue <paramref name="QueueId"/>, hidden for <paramref name="Visibility"/>.
/// </summary>
public readonly record struct ClaimRequest(long QueueId, int Limit, TimeSpan Visibility);

/// <summary>A claim request as the writer makes it: the call's nonce, and the time its messages become visible again.</summary>
internal readonly record struct ClaimReservation(long Nonce, int Limit, DateTimeOffset VisibleAt);

/// <summary>
/// A delete, named before the call runs so the writer can delete for all of a batch's deletes at once: the receipts (all
/// of queue <paramref name="QueueId"/>) whose messages the call deletes. A FIFO queue's delete refuses expired receipts
/// (<paramref name="RefuseExpired"/>): a receipt whose visibility timeout ended, or whose message was received again,
/// deletes nothing and is reported.
/// </summary>
public sealed record DeleteRequest(long QueueId, IReadOnlyList<Receipt> Receipts, bool RefuseExpired = false);

/// <summary>What a delete removed, and the receipts it refused as expired (only when it refuses them).</summary>
public sealed record MessagesDeleted(IReadOnlyList<RemovedMessage> Removed, IReadOnlySet<Receipt> Expired);

/// <summary>
/// A visibility change named before the call runs, so the writer can change visibility for all of a batch's calls at
/// once: each receipt (all of queue <paramref name="QueueId"/>) with its new visibility timeout, counted from the batch's time.
/// </summary>
public sealed record VisibilityRequest(long QueueId, IReadOnlyList<(Receipt Receipt, int Seconds)> Changes)
{
    /// <summary>The changes as the call makes them at <paramref name="now"/>.</summary>
    public IReadOnlyList<VisibilityChange> At(DateTimeOffset now) => Changes.Select(c => new VisibilityChange(c.Receipt, now.AddSeconds(c.Seconds))).ToList();
}

/// <summary>
/// A FIFO message to place: its group, its deduplication scope (the group, or empty for the whole queue), the SHA-256 of
/// its deduplication id, and its message id.
/// </summary>
public sealed record FifoMessage(string GroupId, string Scope, byte[] IdHash, Guid MessageId)
{
    /// <summary>The same message by value, the id hash's bytes included (a record compares arrays by reference).</summary>
    public bool Matches(FifoMessage other) =>
        GroupId == other.GroupId && Scope == other.Scope && IdHash.AsSpan().SequenceEqual(other.IdHash) && MessageId == other.MessageId;
}

/// <summary>
/// A FIFO send's placement, named before the call runs so the writer can place all of a batch's FIFO sends at once: the
/// messages (all of queue <paramref name="QueueId"/>) to number in their groups and check against the deduplication window.
/// </summary>
public sealed record PlacementRequest(long QueueId, IReadOnlyList<FifoMessage> Messages);
