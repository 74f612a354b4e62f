using SecureQueue.Gateway.Sqs.Errors;

namespace SecureQueue.Gateway.Sqs.Queues;

public static class QueueTags
{
    public const int MaxTags = 50;

    /// <summary>Keys of 1–128 and values of 0–256 characters; the <c>aws:</c> prefix is reserved.</summary>
    public static IReadOnlyDictionary<string, string> Validate(IReadOnlyDictionary<string, string> tags)
    {
        if (tags.Count > MaxTags)
        {
            throw SqsErrors.InvalidParameterValue($"Too many tags: a queue can have at most {MaxTags}.");
        }

        foreach (var (key, value) in tags)
        {
            if (key.Length is 0 or > 128 || key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
            {
                throw SqsErrors.InvalidParameterValue($"Tag key '{key}' is invalid: 1 to 128 characters, not starting with 'aws:'.");
            }

            if (value.Length > 256)
            {
                throw SqsErrors.InvalidParameterValue($"The value of tag '{key}' is longer than 256 characters.");
            }
        }

        return tags;
    }
}
