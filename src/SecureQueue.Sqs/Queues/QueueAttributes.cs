using System.Globalization;
using SecureQueue.Crypto.Keys;
using SecureQueue.Sqs.Errors;
using SecureQueue.Log.Queues;

namespace SecureQueue.Sqs.Queues;

/// <summary>SQS queue attributes (FIFO ones in <see cref="FifoAttributes"/>): which may be set, their ranges and defaults, and what GetQueueAttributes returns.</summary>
internal static class QueueAttributes
{
    public const string DelaySeconds = nameof(DelaySeconds);
    public const string MaximumMessageSize = nameof(MaximumMessageSize);
    public const string MessageRetentionPeriod = nameof(MessageRetentionPeriod);
    public const string ReceiveMessageWaitTimeSeconds = nameof(ReceiveMessageWaitTimeSeconds);
    public const string VisibilityTimeout = nameof(VisibilityTimeout);
    public const string SqsManagedSseEnabled = nameof(SqsManagedSseEnabled);
    public const string Policy = nameof(Policy);
    public const string KmsMasterKeyId = nameof(KmsMasterKeyId);
    public const string KmsDataKeyReusePeriodSeconds = nameof(KmsDataKeyReusePeriodSeconds);

    private static readonly Dictionary<string, (int Min, int Max, int Default)> Ranges = new(StringComparer.Ordinal)
    {
        [DelaySeconds] = (0, SqsLimits.MaxDelaySeconds, 0),
        [MaximumMessageSize] = (SqsLimits.MinMaximumMessageSize, SqsLimits.MaxMessageBytes, SqsLimits.MaxMessageBytes),
        [MessageRetentionPeriod] = (SqsLimits.MinRetentionSeconds, SqsLimits.MaxRetentionSeconds, SqsLimits.DefaultRetentionSeconds),
        [ReceiveMessageWaitTimeSeconds] = (0, SqsLimits.MaxWaitTimeSeconds, 0),
        [VisibilityTimeout] = (0, SqsLimits.MaxVisibilityTimeout, SqsLimits.DefaultVisibilityTimeout),
    };

    // Set only when asked for: a new queue's GetQueueAttributes does not list it (as at AWS).
    private static readonly (int Min, int Max) ReuseRange = (SqsLimits.MinKeyReusePeriodSeconds, SqsLimits.MaxKeyReusePeriodSeconds);

    private static readonly string[] Readable =
    [
        "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesDelayed", "ApproximateNumberOfMessagesNotVisible", "CreatedTimestamp",
        DelaySeconds, "LastModifiedTimestamp", MaximumMessageSize, MessageRetentionPeriod, "QueueArn", ReceiveMessageWaitTimeSeconds,
        SqsManagedSseEnabled, VisibilityTimeout,
    ];

    private static readonly string[] Optional =
        [Policy, KmsMasterKeyId, KmsDataKeyReusePeriodSeconds, RedrivePolicy.Attribute, RedriveAllowPolicy.Attribute, .. FifoAttributes.Names];

    // Attributes an empty value removes, as in SQS.
    private static readonly HashSet<string> Removable = new(StringComparer.Ordinal) { Policy, RedrivePolicy.Attribute, RedriveAllowPolicy.Attribute };

    private static readonly HashSet<string> Known = new(Readable.Concat(Optional).Append("All"), StringComparer.Ordinal);

    /// <summary>The full attribute set of a new queue: defaults overlaid with the validated requested values.</summary>
    public static Dictionary<string, string> WithDefaults(IReadOnlyDictionary<string, string> requested, string queueArn, KeyFamilies keys, bool fifo)
    {
        var attributes = Ranges.ToDictionary(r => r.Key, r => r.Value.Default.ToString(CultureInfo.InvariantCulture), StringComparer.Ordinal);
        attributes[SqsManagedSseEnabled] = "true";
        attributes = Apply(attributes, Validate(requested, queueArn, keys, fifo, creating: true));
        if (fifo)
        {
            FifoAttributes.AddDefaults(attributes);
            FifoAttributes.CheckCombination(attributes);
        }

        return attributes;
    }

    /// <summary>
    /// The attributes after a change: an empty Policy, RedrivePolicy or RedriveAllowPolicy removes it; a KMS key turns SQS-managed SSE off (as SQS does)
    /// and SqsManagedSseEnabled=true drops the KMS key. Encryption itself never goes off.
    /// </summary>
    public static Dictionary<string, string> Apply(IReadOnlyDictionary<string, string> current, IReadOnlyDictionary<string, string> changes)
    {
        var attributes = new Dictionary<string, string>(current, StringComparer.Ordinal);
        foreach (var (name, value) in changes)
        {
            if (Removable.Contains(name) && value.Length == 0)
            {
                attributes.Remove(name);
            }
            else
            {
                attributes[name] = value;
            }
        }

        if (changes.ContainsKey(KmsMasterKeyId))
        {
            attributes[SqsManagedSseEnabled] = "false";
        }
        else if (changes.GetValueOrDefault(SqsManagedSseEnabled) == "true")
        {
            attributes.Remove(KmsMasterKeyId);
            attributes.Remove(KmsDataKeyReusePeriodSeconds);
        }

        return attributes;
    }

    /// <summary>Checks every requested attribute; returns them in their canonical form (an empty Policy removes the policy).</summary>
    public static Dictionary<string, string> Validate(IReadOnlyDictionary<string, string> requested, string queueArn, KeyFamilies keys, bool fifo, bool creating)
    {
        var valid = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in requested)
        {
            // A value is returned by GetQueueAttributes as is, so it must be writable in a Query (XML) response.
            if (!Protocol.XmlCharacters.IsValid(value))
            {
                throw SqsErrors.InvalidAttributeValue($"Invalid value for the parameter {name}. Reason: The value contains characters that are not allowed.");
            }

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
                // Encryption is always on: "false" only makes sense together with a KMS key that takes over.
                valid[name] = value == "true" || (value == "false" && requested.ContainsKey(KmsMasterKeyId))
                    ? value
                    : throw SqsErrors.InvalidAttributeValue($"Invalid value for the parameter {name}. Reason: Encryption cannot be turned off.");
            }
            else if (name == KmsMasterKeyId)
            {
                try
                {
                    keys.Resolve(value);
                }
                catch (KmsKeyNotFoundException)
                {
                    throw SqsErrors.KmsNotFound(value);
                }

                valid[name] = value;
            }
            else if (name == KmsDataKeyReusePeriodSeconds)
            {
                valid[name] = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds >= ReuseRange.Min && seconds <= ReuseRange.Max
                    ? seconds.ToString(CultureInfo.InvariantCulture)
                    : throw SqsErrors.InvalidAttributeValue($"Invalid value for the parameter {name}. Reason: Must be an integer between {ReuseRange.Min} and {ReuseRange.Max}.");
            }
            else if (name == Policy)
            {
                if (value.Length > 0)
                {
                    QueuePolicy.Validate(value, queueArn);
                }

                valid[name] = value;
            }
            else if (name == RedrivePolicy.Attribute)
            {
                valid[name] = value.Length == 0 ? value : RedrivePolicy.Parse(value, queueArn).ToJson();
            }
            else if (name == RedriveAllowPolicy.Attribute)
            {
                valid[name] = value.Length == 0 ? value : RedriveAllowPolicy.Parse(value).ToJson();
            }
            else if (FifoAttributes.Names.Contains(name))
            {
                valid[name] = FifoAttributes.Validate(name, value, fifo, creating);
            }
            else
            {
                throw SqsErrors.InvalidAttributeName($"Unknown Attribute {name}.");
            }
        }

        return valid;
    }

    /// <summary>
    /// Whether the requested names include a message count. Counting reads every unexpired row of the queue (about half a
    /// second for a million messages here), so a call that asks for none does not count.
    /// </summary>
    public static bool NeedsCounts(IReadOnlyList<string> names) => names.Any(n => n == "All" || n.StartsWith("ApproximateNumberOfMessages", StringComparison.Ordinal));

    /// <summary>
    /// The attributes GetQueueAttributes returns for the requested names (<c>All</c> = every readable one); the counts are
    /// read only when <see cref="NeedsCounts"/> says so.
    /// </summary>
    public static IEnumerable<KeyValuePair<string, string>> Read(IReadOnlyList<string> names, QueueRecord queue, QueueCounts? counts, string queueArn)
    {
        foreach (var name in names.Where(n => !Known.Contains(n)))
        {
            throw SqsErrors.InvalidAttributeName($"Unknown Attribute {name}.");
        }

        var all = names.Contains("All");
        foreach (var name in Optional.Where(n => (all || names.Contains(n)) && queue.Attributes.ContainsKey(n)))
        {
            yield return new(name, queue.Attributes[name]);
        }

        foreach (var name in all ? Readable : Readable.Where(names.Contains))
        {
            var value = name switch
            {
                "ApproximateNumberOfMessages" => counts!.Visible.ToString(CultureInfo.InvariantCulture),
                "ApproximateNumberOfMessagesDelayed" => counts!.Delayed.ToString(CultureInfo.InvariantCulture),
                "ApproximateNumberOfMessagesNotVisible" => counts!.NotVisible.ToString(CultureInfo.InvariantCulture),
                "CreatedTimestamp" => queue.CreatedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
                "LastModifiedTimestamp" => queue.LastModifiedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
                "QueueArn" => queueArn,
                _ => queue.Attributes[name],
            };
            yield return new(name, value);
        }
    }

    /// <summary>The first attribute whose requested value differs from the existing queue's, for CreateQueue's idempotency rule.</summary>
    public static string? FirstDifference(QueueRecord existing, IReadOnlyDictionary<string, string> requested, string queueArn, KeyFamilies keys) =>
        Validate(requested, queueArn, keys, FifoAttributes.IsFifo(existing.Attributes), creating: true).FirstOrDefault(a => existing.Attributes.GetValueOrDefault(a.Key, string.Empty) != a.Value).Key;
}
