using SecureQueue.Sqs.Errors;

namespace SecureQueue.Sqs.Queues;

/// <summary>
/// The FIFO queue attributes: which a queue may carry (only a FIFO queue, whose name ends in <c>.fifo</c>), their values,
/// their defaults, and the one valid high-throughput combination. The queue type is fixed at creation.
/// </summary>
internal static class FifoAttributes
{
    public const string FifoQueue = nameof(FifoQueue);
    public const string ContentBasedDeduplication = nameof(ContentBasedDeduplication);
    public const string DeduplicationScope = nameof(DeduplicationScope);
    public const string FifoThroughputLimit = nameof(FifoThroughputLimit);

    /// <summary>
    /// The scope the queue was created with: SQS accepts later changes of DeduplicationScope but keeps deduplicating as at
    /// creation (fifo-and-dlq.md §0.4). Not an SQS attribute, so never returned and never settable.
    /// </summary>
    public const string ScopeAtCreation = "secq.DeduplicationScopeAtCreation";

    public const string Suffix = ".fifo";

    public static readonly string[] Names = [FifoQueue, ContentBasedDeduplication, DeduplicationScope, FifoThroughputLimit];

    private static readonly Dictionary<string, string[]> Values = new(StringComparer.Ordinal)
    {
        [FifoQueue] = ["true"],
        [ContentBasedDeduplication] = ["true", "false"],
        [DeduplicationScope] = ["queue", "messageGroup"],
        [FifoThroughputLimit] = ["perQueue", "perMessageGroupId"],
    };

    public static bool IsFifoName(string name) => name.EndsWith(Suffix, StringComparison.Ordinal);

    public static bool IsFifo(IReadOnlyDictionary<string, string> attributes) => attributes.GetValueOrDefault(FifoQueue) == "true";

    /// <summary>Checks one FIFO attribute for a queue of the given type; <paramref name="creating"/> allows FifoQueue itself.</summary>
    public static string Validate(string name, string value, bool fifo, bool creating)
    {
        if (!fifo)
        {
            throw name is DeduplicationScope or FifoThroughputLimit
                ? SqsErrors.InvalidAttributeName($"You can specify the {name} only when FifoQueue is set to true.")
                : SqsErrors.InvalidAttributeName($"Unknown Attribute {name}.");
        }

        if (name == FifoQueue && !creating)
        {
            throw SqsErrors.InvalidAttributeValue("Invalid value for the parameter FifoQueue. Reason: Modifying queue type is not supported.");
        }

        return Values[name].Contains(value, StringComparer.Ordinal)
            ? value
            : throw SqsErrors.InvalidAttributeValue($"Invalid value for the parameter {name}. Reason: Must be one of {string.Join(", ", Values[name])}.");
    }

    /// <summary>A FIFO queue (FifoQueue=true at creation) must have a <c>.fifo</c> name, and only a FIFO queue may.</summary>
    public static void CheckName(string name, IReadOnlyDictionary<string, string> requested)
    {
        if ((requested.GetValueOrDefault(FifoQueue) == "true") != IsFifoName(name))
        {
            throw SqsErrors.InvalidParameterValue(
                "The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length");
        }
    }

    /// <summary>A new FIFO queue's defaults, overlaid by what was asked; the deduplication scope is remembered as created.</summary>
    public static void AddDefaults(Dictionary<string, string> attributes)
    {
        attributes.TryAdd(FifoQueue, "true");
        attributes.TryAdd(ContentBasedDeduplication, "false");
        attributes.TryAdd(DeduplicationScope, "queue");
        attributes.TryAdd(FifoThroughputLimit, "perQueue");
        attributes[ScopeAtCreation] = attributes[DeduplicationScope];
    }

    /// <summary>High throughput (perMessageGroupId) needs DeduplicationScope=messageGroup; checked on the attributes as they would be.</summary>
    public static void CheckCombination(IReadOnlyDictionary<string, string> attributes)
    {
        if (attributes.GetValueOrDefault(FifoThroughputLimit) == "perMessageGroupId" && attributes.GetValueOrDefault(DeduplicationScope) != "messageGroup")
        {
            throw SqsErrors.InvalidAttributeValue(
                "Invalid value for the parameter FifoThroughputLimit. Reason: The perMessageGroupId value is allowed only when the value for DeduplicationScope is messageGroup.");
        }
    }
}
