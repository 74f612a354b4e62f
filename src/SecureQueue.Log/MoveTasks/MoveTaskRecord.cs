namespace SecureQueue.Log.MoveTasks;

/// <summary>The states of a message move task, as SQS names them.</summary>
public static class MoveTaskStatus
{
    public const string Running = "RUNNING";
    public const string Cancelling = "CANCELLING";
    public const string Completed = "COMPLETED";
    public const string Cancelled = "CANCELLED";
    public const string Failed = "FAILED";
}

/// <summary>
/// A message move task as the <c>message_move_tasks</c> projection holds it: what the caller asked (destination and rate
/// as given, null when left out), the rate it runs at, its progress, and who started it, from where (what a resumed task
/// re-authorizes).
/// </summary>
public sealed record MoveTaskRecord(
    Guid TaskId,
    string SourceArn,
    string? DestinationArn,
    int? MaxPerSecond,
    int Rate,
    string Status,
    long ToMove,
    long Moved,
    string? FailureReason,
    string PrincipalArn,
    string CredentialId,
    string SourceIp,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt)
{
    /// <summary>Running or being cancelled: the one task its source queue may have.</summary>
    public bool IsActive => Status is MoveTaskStatus.Running or MoveTaskStatus.Cancelling;
}
