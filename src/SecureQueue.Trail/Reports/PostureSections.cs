using SecureQueue.Policies.Linting;

namespace SecureQueue.Trail.Reports;

/// <summary>One queue against Security Hub's SQS controls: encryption at rest (SQS.1), tags (SQS.2), access (SQS.3).</summary>
public sealed record QueuePosture(
    string Name, string Arn, DateTimeOffset CreatedAt, string Status, QueueEncryption Encryption, QueueTagging Tagging, QueueAccessReview Access);

/// <summary>
/// SQS.1: how bodies are encrypted, under which key family (<c>KmsMasterKeyId</c>, <c>alias/aws/sqs</c> for SSE-SQS) and
/// keyring, and how old the data key and the key-encryption key are.
/// </summary>
public sealed record QueueEncryption(
    string Status,
    string Type,
    string KeyId,
    string? Keyring,
    int? KekVersion,
    double? KekAgeDays,
    double? DataKeyAgeSeconds,
    int DataKeyReusePeriodSeconds,
    string Detail);

/// <summary>SQS.2: the tag keys present (never their values) and the required keys missing.</summary>
public sealed record QueueTagging(string Status, IReadOnlyList<string> Keys, IReadOnlyList<string> Missing);

/// <summary>SQS.3: the queue policy's grants as the restricting-key rule reads them, its lint findings, and whether it refuses plain HTTP.</summary>
public sealed record QueueAccessReview(
    string Status, bool HasPolicy, bool DeniesPlainHttp, IReadOnlyList<AccessGrant> Grants, IReadOnlyList<FindingView> Findings);

/// <summary>A lint finding without the policy text: type, code, where (statement path) and the message.</summary>
public sealed record FindingView(string Type, string Code, string Path, string Message);

/// <summary>One principal: its credentials (ids only) and their last use, its policies and their findings, its activity in the period.</summary>
public sealed record IdentityPosture(
    string Name,
    string Arn,
    string Status,
    IReadOnlyList<CredentialView> Credentials,
    IReadOnlyList<PolicyView> Policies,
    bool WildcardWrite,
    DateTimeOffset? LastUsed,
    long CallsInPeriod,
    long DeniedInPeriod);

/// <summary>
/// A credential by id (an access key id, a JWT subject and issuer, a certificate subject), its last successful use
/// (access keys by their own id; other kinds by their identity's) and whether it went unused in the period.
/// </summary>
public sealed record CredentialView(string Kind, string Id, string? Issuer, DateTimeOffset? LastUsed, bool Unused);

/// <summary>One policy file of an identity or a guardrail: where it is, how many statements it has, and its lint findings.</summary>
public sealed record PolicyView(string Source, int Statements, IReadOnlyList<FindingView> Findings);

/// <summary>The guardrails, listeners, TLS and authentication settings the gateway runs with.</summary>
public sealed record GatewayPosture(
    IReadOnlyList<ListenerView> Listeners,
    IReadOnlyList<string> TlsProtocols,
    bool PlainHttpAllowed,
    bool TlsOnly,
    IReadOnlyList<string> TlsOnlyEvidence,
    string ClientCertificateMode,
    string? ClientCertificateCaBundle,
    IReadOnlyList<JwtIssuerView> JwtIssuers,
    IReadOnlyList<PolicyView> Guardrails,
    int MaxClockSkewSeconds,
    bool OwnerRoleAllowed,
    IReadOnlyList<string> RequiredTags);

public sealed record ListenerView(string Url, bool Tls);

public sealed record JwtIssuerView(string Issuer, IReadOnlyList<string> Audiences, IReadOnlyList<string> Algorithms);

/// <summary>
/// One row of a framework table: the requirement, whether the report's evidence answers it, what that evidence is and
/// what the operator must provide. Status: <c>evidence</c> (answered here), <c>partial</c> (here and by the operator),
/// <c>operator</c> (outside this report), <c>fail</c> (the evidence shows a problem).
/// </summary>
public sealed record RequirementRow(string Framework, string Id, string Requirement, string Status, string Evidence, string OperatorProvides);
