namespace SecureQueue.Log.Queues;

/// <summary>A live queue as the <c>queues</c> projection holds it. Attributes are SQS's names and string values.</summary>
public sealed record QueueRecord(
    long QueueId,
    string AccountId,
    string Region,
    string Name,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyDictionary<string, string> Tags,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastModifiedAt,
    DateTimeOffset? LastPurgedAt)
{
    public QueueKey Key => new(AccountId, Region, Name);

    /// <summary>The queue's ARN, in its own region: what its messages are sealed to and policies name.</summary>
    public string Arn => $"arn:aws:sqs:{Region}:{AccountId}:{Name}";

    /// <summary>
    /// True when <paramref name="other"/> is this queue with the same settings: work prepared from one record (a
    /// message sealed and checked against its limits) is still right for the other.
    /// </summary>
    public bool HasSameSettings(QueueRecord other) =>
        QueueId == other.QueueId && LastModifiedAt == other.LastModifiedAt && Attributes.Count == other.Attributes.Count
        && Attributes.All(a => other.Attributes.TryGetValue(a.Key, out var value) && value == a.Value);
}

/// <summary>Approximate message counts, as GetQueueAttributes reports them.</summary>
public sealed record QueueCounts(long Visible, long NotVisible, long Delayed);
