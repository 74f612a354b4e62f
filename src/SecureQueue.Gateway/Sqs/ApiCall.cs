using SecureQueue.Gateway.Sqs.Protocol;

namespace SecureQueue.Gateway.Sqs;

public enum SqsProtocol
{
    Json,
    Query,
}

/// <summary>Where a call came from and over what, as the audit envelope and policy context need it.</summary>
public sealed record RequestOrigin(string Host, string SourceIp, string? UserAgent, bool SecureTransport, string? TlsVersion, string? TlsCipher, string Path);

/// <summary>A decoded call: which action, in which protocol, with which parameters.</summary>
public sealed record ApiCall(Guid RequestId, SqsProtocol Protocol, string Action, SqsParameters Parameters, RequestOrigin Origin);

/// <summary>How a caller proved who it is.</summary>
public enum AuthenticationMethod
{
    SigV4,
    Jwt,
    ClientCertificate,
}

/// <summary>
/// The authenticated caller of a call. <c>CredentialId</c> names the credential used (access key id, <c>issuer|subject</c>,
/// or certificate thumbprint): it is the SenderId of sent messages and <c>aws:userid</c>.
/// </summary>
public sealed record Caller(string PrincipalArn, AuthenticationMethod Method, string CredentialId, Identity.IdentityRecord Identity)
{
    /// <summary>The SigV4 access key id, for the audit's access key column; null for other methods.</summary>
    public string? AccessKeyId => Method == AuthenticationMethod.SigV4 ? CredentialId : null;

    public string UserName => Identity.Name;

    /// <summary>When the caller's token was issued (aws:TokenIssueTime), if it came with one.</summary>
    public DateTimeOffset? TokenIssuedAt { get; init; }
}
