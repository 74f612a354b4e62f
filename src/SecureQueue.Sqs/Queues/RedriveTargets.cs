using SecureQueue.Log.Events;
using SecureQueue.Log.Queues;

namespace SecureQueue.Sqs.Queues;

/// <summary>
/// The checks on a dead-letter queue that need the projection, run in the writer's transaction: when a queue sets a
/// RedrivePolicy, its target must exist and its RedriveAllowPolicy must admit the queue. Moves check again (a target
/// deleted or tightened since refuses them), so no message ever goes where the target's owner did not allow.
/// </summary>
internal static class RedriveTargets
{
    /// <summary>Checks a RedrivePolicy being set by <paramref name="changes"/> on the queue <paramref name="sourceArn"/>.</summary>
    public static async Task CheckAsync(LogTransaction tx, IReadOnlyDictionary<string, string> changes, string sourceArn)
    {
        if (changes.GetValueOrDefault(RedrivePolicy.Attribute) is not { Length: > 0 } json)
        {
            return;
        }

        var policy = RedrivePolicy.Parse(json, sourceArn);
        if (Refusal(policy, await FindAsync(tx, policy), sourceArn) is { } refusal)
        {
            throw RedrivePolicy.Invalid(json, refusal);
        }
    }

    /// <summary>The target queue of a policy, as the transaction sees it; null when it does not exist.</summary>
    public static Task<QueueRecord?> FindAsync(LogTransaction tx, RedrivePolicy policy)
    {
        var arn = QueueArn.Parse(policy.DeadLetterTargetArn)!;
        return tx.Queues.FindAsync(new QueueKey(arn.Account, arn.Region, arn.Name));
    }

    /// <summary>Why <paramref name="target"/> cannot take messages from <paramref name="sourceArn"/>; null when it can.</summary>
    public static string? Refusal(RedrivePolicy policy, QueueRecord? target, string sourceArn) =>
        target is null ? "Dead letter target does not exist."
        : FifoAttributes.IsFifo(target.Attributes) != FifoAttributes.IsFifoName(QueueArn.Parse(sourceArn)!.Name)
            ? "Dead-letter target must be the same type of queue (FIFO or standard) as the source."
        : !RedriveAllowPolicy.Of(target.Attributes).Admits(sourceArn)
            ? $"The RedriveAllowPolicy of {policy.DeadLetterTargetArn} does not allow {sourceArn} to use it as a dead-letter queue."
            : null;
}
