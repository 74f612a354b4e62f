using System.Globalization;
using SecureQueue.Gateway.Sqs.Errors;
using SecureQueue.Storage.Queues;

namespace SecureQueue.Gateway.Sqs.Queues;

/// <summary>SQS queue attributes for standard queues: which may be set, their ranges and defaults, and what GetQueueAttributes returns.</summary>
public static class QueueAttributes
{
    public const string DelaySeconds = nameof(DelaySeconds);
    public const string MaximumMessageSize = nameof(MaximumMessageSize);
    public const string MessageRetentionPeriod = nameof(MessageRetentionPeriod);
    public const string ReceiveMessageWaitTimeSeconds = nameof(ReceiveMessageWaitTimeSeconds);
    public const string VisibilityTimeout = nameof(VisibilityTimeout);
    public const string SqsManagedSseEnabled = nameof(SqsManagedSseEnabled);
    public const string Policy = nameof(Policy);

    private static readonly Dictionary<string, (int Min, int Max, int Default)> Ranges = new(StringComparer.Ordinal)
    {
        [DelaySeconds] = (0, 900, 0),
        [MaximumMessageSize] = (1024, 1_048_576, 1_048_576),
        [MessageRetentionPeriod] = (60, 1_209_600, 345_600),
        [ReceiveMessageWaitTimeSeconds] = (0, 20, 0),
        [VisibilityTimeout] = (0, 43_200, 30),
    };

    // Real SQS attributes this gateway does not implement for now: refused, never silently ignored.
    private static readonly HashSet<string> NotSupported = new(StringComparer.Ordinal)
    {
        "RedrivePolicy", "RedriveAllowPolicy", "FifoQueue", "ContentBasedDeduplication", "DeduplicationScope",
        "FifoThroughputLimit", "KmsMasterKeyId", "KmsDataKeyReusePeriodSeconds",
    };

    private static readonly string[] Readable =
    [
        "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesDelayed", "ApproximateNumberOfMessagesNotVisible", "CreatedTimestamp",
        DelaySeconds, "LastModifiedTimestamp", MaximumMessageSize, MessageRetentionPeriod, "QueueArn", ReceiveMessageWaitTimeSeconds,
        SqsManagedSseEnabled, VisibilityTimeout,
    ];

    private static readonly HashSet<string> Known = new(Readable.Concat(NotSupported).Append("All").Append(Policy), StringComparer.Ordinal);

    /// <summary>The full attribute set of a new queue: defaults overlaid with the validated requested values.</summary>
    public static Dictionary<string, string> WithDefaults(IReadOnlyDictionary<string, string> requested, string queueArn)
    {
        var attributes = Ranges.ToDictionary(r => r.Key, r => r.Value.Default.ToString(CultureInfo.InvariantCulture), StringComparer.Ordinal);
        attributes[SqsManagedSseEnabled] = "true";
        foreach (var (name, value) in Validate(requested, queueArn).Where(a => a.Value.Length > 0))
        {
            attributes[name] = value;
        }

        return attributes;
    }

    /// <summary>Checks every requested attribute; returns them in their canonical form (an empty Policy removes the policy).</summary>
    public static Dictionary<string, string> Validate(IReadOnlyDictionary<string, string> requested, string queueArn)
    {
        var valid = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in requested)
        {
            if (Ranges.TryGetValue(name, out var range))
            {
                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < range.Min || number > range.Max)
                {
                    throw SqsErrors.InvalidAttributeValue($"Invalid value for the parameter {name}. Reason: Must be an integer between {range.Min} and {range.Max}.");
                }

                valid[name] = number.ToString(CultureInfo.InvariantCulture);
            }
            else if (name == SqsManagedSseEnabled)
            {
                // Encryption is always on; turning it off is refused rather than pretended.
                valid[name] = value == "true"
                    ? value
                    : throw SqsErrors.InvalidAttributeValue($"Invalid value for the parameter {name}. Reason: Encryption cannot be turned off.");
            }
            else if (name == Policy)
            {
                if (value.Length > 0)
                {
                    Authorization.QueuePolicies.Validate(value, queueArn);
                }

                valid[name] = value;
            }
            else if (NotSupported.Contains(name))
            {
                throw SqsErrors.InvalidAttributeName($"The attribute {name} is not supported by this SecureQueue version.");
            }
            else
            {
                throw SqsErrors.InvalidAttributeName($"Unknown Attribute {name}.");
            }
        }

        return valid;
    }

    /// <summary>The attributes GetQueueAttributes returns for the requested names (<c>All</c> = every readable one).</summary>
    public static IEnumerable<KeyValuePair<string, string>> Read(IReadOnlyList<string> names, QueueRecord queue, QueueCounts counts, string queueArn)
    {
        foreach (var name in names.Where(n => !Known.Contains(n)))
        {
            throw SqsErrors.InvalidAttributeName($"Unknown Attribute {name}.");
        }

        var all = names.Contains("All");
        if ((all || names.Contains(Policy)) && queue.Attributes.TryGetValue(Policy, out var policy))
        {
            yield return new(Policy, policy);
        }

        foreach (var name in all ? Readable : Readable.Where(names.Contains))
        {
            var value = name switch
            {
                "ApproximateNumberOfMessages" => counts.Visible.ToString(CultureInfo.InvariantCulture),
                "ApproximateNumberOfMessagesDelayed" => counts.Delayed.ToString(CultureInfo.InvariantCulture),
                "ApproximateNumberOfMessagesNotVisible" => counts.NotVisible.ToString(CultureInfo.InvariantCulture),
                "CreatedTimestamp" => queue.CreatedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
                "LastModifiedTimestamp" => queue.LastModifiedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
                "QueueArn" => queueArn,
                _ => queue.Attributes[name],
            };
            yield return new(name, value);
        }
    }

    public static int Int(QueueRecord queue, string name) => int.Parse(queue.Attributes[name], CultureInfo.InvariantCulture);

    /// <summary>The first attribute whose requested value differs from the existing queue's, for CreateQueue's idempotency rule.</summary>
    public static string? FirstDifference(QueueRecord existing, IReadOnlyDictionary<string, string> requested, string queueArn) =>
        Validate(requested, queueArn).FirstOrDefault(a => existing.Attributes.GetValueOrDefault(a.Key, string.Empty) != a.Value).Key;
}
