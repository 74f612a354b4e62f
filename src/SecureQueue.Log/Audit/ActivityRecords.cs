namespace SecureQueue.Log.Audit;

/// <summary>How a call ended, as the compliance report counts it; decided in one place (<see cref="ActivityReader"/>'s SQL).</summary>
public static class CallOutcomes
{
    public const string Success = "success";

    /// <summary>Authorization refused it (implicit or explicit deny, or a denied KMS permission).</summary>
    public const string Denied = "denied";

    /// <summary>No principal: the credentials were missing, malformed, unknown, expired or did not verify.</summary>
    public const string Unauthenticated = "unauthenticated";

    /// <summary>Authenticated and not denied, yet failed (validation, missing queue, server failure).</summary>
    public const string Failed = "error";

    public static readonly IReadOnlyList<string> All = [Success, Denied, Unauthenticated, Failed];

    internal const string Sql =
        $"""
        case when error_code is null then '{Success}'
             when decision in ('ImplicitDeny', 'ExplicitDeny') then '{Denied}'
             when principal_arn is null then '{Unauthenticated}'
             else '{Failed}' end
        """;
}

/// <summary>Calls of one UTC day with the same action, outcome, caller, origin, error and TLS version.</summary>
public sealed record CallGroup(
    DateOnly Day, string Action, string Outcome, string? PrincipalArn, string? AccessKeyId, string? SourceIp, string? ErrorCode, string? TlsVersion, long Count);

/// <summary>The last successful call of a principal (<see cref="Principal"/>) or an access key (<see cref="AccessKey"/>).</summary>
public sealed record LastUse(string Kind, string Id, DateTimeOffset At)
{
    public const string Principal = "principal";
    public const string AccessKey = "accessKey";
}

/// <summary>
/// The log as a whole: how many events, the oldest (what retention keeps online), what is not sealed yet, and how long
/// events of the period waited for their seal.
/// </summary>
public sealed record SealingState(
    long Events, DateTimeOffset? FirstEventAt, long Unsealed, DateTimeOffset? OldestUnsealedAt, double? LagP50Seconds, double? LagP99Seconds, double? LagMaxSeconds);

/// <summary>The newest signed checkpoint in the database and how many there are.</summary>
public sealed record CheckpointSummary(long Position, DateTimeOffset SignedAt, string KeyId, string Origin, long Count);
