using SecureQueue.Log.Messages;

namespace SecureQueue.Sqs.Messages;

/// <summary>A claimed message opened in memory, with its sender and, after a move to a dead-letter queue, the queue it came from.</summary>
internal sealed record OpenedMessage(ClaimedMessage Claim, StoredMessage Message, string SenderId, string SenderArn, string? SourceArn);
