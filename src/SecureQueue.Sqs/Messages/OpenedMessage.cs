using SecureQueue.Log.Messages;

namespace SecureQueue.Sqs.Messages;

/// <summary>A claimed message opened in memory, with its sender and, after a move to a dead-letter queue, the queue it came from.</summary>
internal sealed record OpenedMessage(ClaimedMessage Claim, StoredMessage Message, string SenderId, string SenderArn, string? SourceArn)
{
    /// <summary>The data key it is sealed under in its queue: retired once a purge has taken it.</summary>
    public required Guid KeyId { get; init; }
}
