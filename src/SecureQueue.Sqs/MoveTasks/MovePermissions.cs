using SecureQueue.Gateway.Authorization;
using SecureQueue.Log.Queues;
using SecureQueue.Sqs.Queues;
using SecureQueue.Gateway.Identity;

namespace SecureQueue.Sqs.MoveTasks;

/// <summary>
/// What moving messages needs of the caller beyond the call's own action, as SQS documents it: on the dead-letter queue
/// <c>sqs:ReceiveMessage</c>, <c>sqs:DeleteMessage</c> and <c>sqs:GetQueueAttributes</c>; on each destination
/// <c>sqs:SendMessage</c>; and, under a customer key, <c>kms:Decrypt</c> on the source's and <c>kms:GenerateDataKey</c>
/// on each destination's. Decided when a task starts, and again by each runner that takes the task (after a restart,
/// too), so a task never outlives the permissions of whoever started it.
/// </summary>
internal sealed class MovePermissions(Authorizer authorizer)
{
    private static readonly string[] OnSource = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"];

    /// <summary>Why the caller may not move from <paramref name="source"/> into <paramref name="destinations"/>; null when it may.</summary>
    public string? Refusal(Caller caller, RequestOrigin origin, QueueRecord source, IEnumerable<QueueRecord> destinations, DateTimeOffset now)
    {
        foreach (var action in OnSource)
        {
            if (Check(caller, origin, source, action, action == "sqs:ReceiveMessage" ? KeyUse.Decrypt : null, now) is { } refusal)
            {
                return refusal;
            }
        }

        return destinations.Select(d => Check(caller, origin, d, "sqs:SendMessage", KeyUse.GenerateDataKey, now)).FirstOrDefault(r => r is not null);
    }

    private string? Check(Caller caller, RequestOrigin origin, QueueRecord queue, string action, string? keyAction, DateTimeOffset now)
    {
        var settings = QueueSettings.Of(queue);
        var input = new AuthorizationInput(action, queue.Arn)
        {
            ResourceTags = queue.Tags,
            ResourcePolicy = settings.Policy,
            Key = keyAction is not null && settings.KmsMasterKeyId is { } keyId ? new KeyUse(keyAction, keyId) : null,
        };
        var authorization = authorizer.Authorize(caller, input, origin with { Region = queue.Region }, now);
        return !authorization.Decision.IsAllowed ? authorization.Decision.ToAccessDeniedMessage()
            : authorization.DeniedKey?.ToAccessDeniedMessage();
    }
}
