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

/// <summary>
/// What authorization decided and which statements made it so (<c>source#Sid</c> or <c>source[index]</c>). <see cref="Decision"/>
/// is the call's: the first kms decision that denied, when the queue action itself was allowed.
/// </summary>
public sealed record AuthorizationRecord(string Decision, IReadOnlyList<string> MatchedStatements)
{
    /// <summary>The kms actions the call needed on a customer key (KmsMasterKeyId), each decided on its own.</summary>
    public IReadOnlyList<KeyAuthorizationRecord> Keys { get; init; } = [];
}

/// <summary>One kms decision of a call: e.g. kms:GenerateDataKey on <c>arn:aws:kms:…:alias/orders</c>, and what decided it.</summary>
public sealed record KeyAuthorizationRecord(string Action, string Resource, string Decision, IReadOnlyList<string> MatchedStatements);
