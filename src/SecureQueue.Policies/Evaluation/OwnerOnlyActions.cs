using System.Collections.Frozen;

namespace SecureQueue.Policies.Evaluation;

/// <summary>SQS actions that only the queue owner's account can be granted: a queue policy's Allow is ignored for them.</summary>
internal static class OwnerOnlyActions
{
    // [SQS-DG] sqs-limitations-of-custom-policies.md: "owner-account only, whatever the queue policy says".
    private static readonly FrozenSet<string> Actions = new[]
    {
        "sqs:AddPermission", "sqs:CreateQueue", "sqs:DeleteQueue", "sqs:ListQueues", "sqs:ListQueueTags",
        "sqs:RemovePermission", "sqs:SetQueueAttributes", "sqs:TagQueue", "sqs:UntagQueue",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    public static bool Contains(string action) => Actions.Contains(action);
}
