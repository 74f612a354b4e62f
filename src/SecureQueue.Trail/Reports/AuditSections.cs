namespace SecureQueue.Trail.Reports;

/// <summary>
/// Whether the log is provably untampered: the verifier's result over the whole log, the newest signed checkpoint, and how
/// far sealing lags (PCI DSS 10.3.2, 10.3.4; CloudTrail.4's log file validation).
/// </summary>
public sealed record AuditIntegrity(
    string Status,
    bool Intact,
    long EventsVerified,
    long LastPosition,
    string HeadHash,
    IReadOnlyList<IntegrityFinding> Findings,
    bool CheckpointFileChecked,
    int DatabaseCheckpoints,
    int FileCheckpoints,
    int CheckpointLinksChecked,
    CheckpointView? LastCheckpoint,
    long Unsealed,
    double? OldestUnsealedAgeSeconds,
    double? SealingLagP50Seconds,
    double? SealingLagP99Seconds,
    double? SealingLagMaxSeconds,
    long TotalEvents,
    DateTimeOffset? FirstEventAt,
    double RetainedDays);

/// <summary>A place where verification failed: the first position affected and the kind (edited, deleted, truncated…).</summary>
public sealed record IntegrityFinding(long Position, string Kind, string Detail);

/// <summary>The newest signed checkpoint: what it covers, when and by which key it was signed, and where it was written.</summary>
public sealed record CheckpointView(long Position, DateTimeOffset SignedAt, double AgeSeconds, string KeyId, string Origin);

/// <summary>What the log recorded over the period, by outcome, action, day, caller and origin (PCI DSS 10.2.1.x, SOC 2 CC7.2).</summary>
public sealed record AuditCoverage(
    long Calls,
    IReadOnlyDictionary<string, long> ByOutcome,
    IReadOnlyList<ActionCount> Actions,
    IReadOnlyList<DayCount> Days,
    IReadOnlyList<PrincipalCount> DeniedByPrincipal,
    IReadOnlyList<AuthenticationFailureCount> AuthenticationFailures,
    IReadOnlyList<NamedCount> TlsVersions,
    IReadOnlyList<CategoryCount> Categories);

/// <summary>Calls of one action by outcome.</summary>
public sealed record ActionCount(string Action, long Total, long Success, long Denied, long Unauthenticated, long Error);

/// <summary>Calls of one UTC day by outcome.</summary>
public sealed record DayCount(DateOnly Day, long Success, long Denied, long Unauthenticated, long Error);

/// <summary>Denied calls of one principal and the actions it was denied most.</summary>
public sealed record PrincipalCount(string Principal, long Count, IReadOnlyList<string> Actions);

/// <summary>Failed authentications from one source address with one error code, and the access keys they named.</summary>
public sealed record AuthenticationFailureCount(string SourceIp, string ErrorCode, long Count, IReadOnlyList<string> AccessKeyIds);

public sealed record NamedCount(string Name, long Count);

/// <summary>
/// One PCI DSS 10.2.1.x category of events and how many the period holds; a category with none is shown, not left out,
/// so a reviewer sees it was looked for.
/// </summary>
public sealed record CategoryCount(string Requirement, string Category, long Count, IReadOnlyList<string> Actions);
