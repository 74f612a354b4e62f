namespace SecureQueue.Sqs;

/// <summary>
/// The numbers SQS fixes, in one table (reference/sqs-api.md): every range check, default and error message
/// reads them from here.
/// </summary>
internal static class SqsLimits
{
    public const int MaxDelaySeconds = 900;
    public const int MaxVisibilityTimeout = 43_200;
    public const int DefaultVisibilityTimeout = 30;
    public const int MaxWaitTimeSeconds = 20;

    /// <summary>The largest message, and the largest batch payload (all bodies and attributes together).</summary>
    public const int MaxMessageBytes = 1_048_576;
    public const int MinMaximumMessageSize = 1_024;

    public const int MinRetentionSeconds = 60;
    public const int MaxRetentionSeconds = 1_209_600;
    public const int DefaultRetentionSeconds = 345_600;

    public const int MinKeyReusePeriodSeconds = 60;
    public const int MaxKeyReusePeriodSeconds = 86_400;
    public const int DefaultKeyReusePeriodSeconds = 300;

    public const int MaxReceiveMessages = 10;

    /// <summary>StartMessageMoveTask's MaxNumberOfMessagesPerSecond.</summary>
    public const int MaxMoveMessagesPerSecond = 500;

    /// <summary>ListMessageMoveTasks' MaxResults.</summary>
    public const int MaxMoveTaskResults = 10;
    public const int MaxMessageAttributes = 10;
    public const int MaxBatchEntries = 10;
    public const int MaxTags = 50;
}
