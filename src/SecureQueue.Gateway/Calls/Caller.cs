using SecureQueue.Gateway.Identity;

namespace SecureQueue.Gateway.Calls;

/// <summary>How a caller proved who it is.</summary>
public enum AuthenticationMethod
{
    SigV4,
    Jwt,
    ClientCertificate,
}

/// <summary>
/// The authenticated caller of a call, whatever the protocol. <c>CredentialId</c> names the credential used (access
/// key id, <c>issuer|subject</c>, or certificate thumbprint): it is the SenderId of sent messages and <c>aws:userid</c>.
/// </summary>
public sealed record Caller(string PrincipalArn, AuthenticationMethod Method, string CredentialId, IdentityRecord Identity)
{
    /// <summary>The SigV4 access key id, for the audit's access key column; null for other methods.</summary>
    public string? AccessKeyId => Method == AuthenticationMethod.SigV4 ? CredentialId : null;

    public string UserName => Identity.Name;

    /// <summary>The subject DN of the client certificate the caller presented, for certificate callers.</summary>
    public string? CertificateSubject { get; init; }

    /// <summary>When the caller's token was issued (aws:TokenIssueTime), if it came with one.</summary>
    public DateTimeOffset? TokenIssuedAt { get; init; }
}
