namespace SecureQueue.Storage.Queues;

/// <summary>A live queue as the <c>queues</c> projection holds it. Attributes are SQS's names and string values.</summary>
public sealed record QueueRecord(
    long QueueId,
    string AccountId,
    string Name,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyDictionary<string, string> Tags,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastModifiedAt,
    DateTimeOffset? LastPurgedAt);

/// <summary>Approximate message counts, as GetQueueAttributes reports them.</summary>
public sealed record QueueCounts(long Visible, long NotVisible, long Delayed);
