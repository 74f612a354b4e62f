using SecureQueue.Gateway.Authorization;
using SecureQueue.Sqs.Errors;

namespace SecureQueue.Sqs.Queues;

/// <summary>The SQS <c>Policy</c> attribute: checked by the gateway's resource-policy rules, refused as SQS words it.</summary>
internal static class QueuePolicy
{
    public static void Validate(string json, string queueArn)
    {
        try
        {
            QueuePolicies.Validate(json, queueArn);
        }
        catch (InvalidResourcePolicyException refused)
        {
            throw SqsErrors.InvalidAttributeValue($"Invalid value for the parameter Policy. Reason: {refused.Message}");
        }
    }
}
