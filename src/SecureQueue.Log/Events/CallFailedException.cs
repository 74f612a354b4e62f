namespace SecureQueue.Log.Events;

/// <summary>
/// A call that failed for a reason the caller is told about (an SQS error). The writer records it as the
/// call's audit event instead of rolling back the batch.
/// </summary>
public abstract class CallFailedException : Exception
{
    protected CallFailedException(string message)
        : base(message)
    {
    }

    /// <summary>The error code recorded in the audit event.</summary>
    public abstract string ErrorCode { get; }
}
