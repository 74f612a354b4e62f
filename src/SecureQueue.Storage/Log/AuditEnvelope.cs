namespace SecureQueue.Storage.Log;

/// <summary>Who made a call, from where and over what: recorded on every event, whatever the call's outcome.</summary>
public sealed record AuditEnvelope(
    Guid RequestId,
    string Action,
    string? PrincipalArn,
    string? AccessKeyId,
    string SourceIp,
    string? UserAgent,
    string? ResourceArn,
    string? TlsVersion,
    string? TlsCipher)
{
    /// <summary>The authorization decision, once the call reached authorization.</summary>
    public AuthorizationRecord? Authorization { get; init; }
}

/// <summary>What authorization decided and which statements made it so (<c>source#Sid</c> or <c>source[index]</c>).</summary>
public sealed record AuthorizationRecord(string Decision, IReadOnlyList<string> MatchedStatements);
