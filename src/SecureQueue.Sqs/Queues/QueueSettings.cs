using System.Globalization;
using System.Runtime.CompilerServices;
using SecureQueue.Log.Queues;

namespace SecureQueue.Sqs.Queues;

/// <summary>
/// A queue's settings, typed. The projection keeps SQS's attribute strings; they are parsed once per queue
/// record read (records are shared while cached), not at every use.
/// </summary>
internal sealed record QueueSettings(
    int DelaySeconds,
    int MaximumMessageSize,
    int MessageRetentionPeriod,
    int ReceiveMessageWaitTimeSeconds,
    int VisibilityTimeout,
    int KeyReusePeriodSeconds,
    string? KmsMasterKeyId,
    string? Policy,
    RedrivePolicy? Redrive,
    FifoSettings? Fifo)
{
    private static readonly ConditionalWeakTable<QueueRecord, QueueSettings> Parsed = [];

    public static QueueSettings Of(QueueRecord queue) => Parsed.GetValue(queue, Parse);

    private static QueueSettings Parse(QueueRecord queue)
    {
        var attributes = queue.Attributes;
        int Int(string name) => int.Parse(attributes[name], CultureInfo.InvariantCulture);
        return new(
            Int(QueueAttributes.DelaySeconds),
            Int(QueueAttributes.MaximumMessageSize),
            Int(QueueAttributes.MessageRetentionPeriod),
            Int(QueueAttributes.ReceiveMessageWaitTimeSeconds),
            Int(QueueAttributes.VisibilityTimeout),
            attributes.ContainsKey(QueueAttributes.KmsDataKeyReusePeriodSeconds) ? Int(QueueAttributes.KmsDataKeyReusePeriodSeconds) : SqsLimits.DefaultKeyReusePeriodSeconds,
            attributes.GetValueOrDefault(QueueAttributes.KmsMasterKeyId),
            attributes.GetValueOrDefault(QueueAttributes.Policy),
            attributes.TryGetValue(RedrivePolicy.Attribute, out var redrive) ? RedrivePolicy.Parse(redrive, queue.Arn) : null,
            FifoAttributes.IsFifo(attributes)
                ? new FifoSettings(
                    attributes[FifoAttributes.ContentBasedDeduplication] == "true",
                    attributes.GetValueOrDefault(FifoAttributes.ScopeAtCreation, attributes[FifoAttributes.DeduplicationScope]) == "messageGroup")
                : null);
    }
}

/// <summary>A FIFO queue's settings: content-based deduplication, and whether deduplication is per message group (as created).</summary>
internal sealed record FifoSettings(bool ContentBasedDeduplication, bool DeduplicateByGroup);
