namespace SecureQueue.Gateway.Identity;

/// <summary>How a caller proved who it is.</summary>
public enum AuthenticationMethod
{
    SigV4,
    Jwt,
    ClientCertificate,

    /// <summary>No credential at all, on a protocol that serves such callers (a front door route that opted in).</summary>
    Anonymous,
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

    /// <summary>True for a caller that presented no credential: only a resource policy naming <c>"Principal": "*"</c> can allow it.</summary>
    public bool IsAnonymous => Method == AuthenticationMethod.Anonymous;

    /// <summary>
    /// The caller of a request without credentials. Its principal is the policy engine's anonymous principal, which no
    /// identity policy, account or ARN names: only <c>"*"</c> matches it.
    /// </summary>
    public static Caller Anonymous { get; } = new(
        AnonymousPrincipal, AuthenticationMethod.Anonymous, AnonymousPrincipal, new IdentityRecord(AnonymousPrincipal, AnonymousPrincipal, [], new Dictionary<string, string>()));

    private const string AnonymousPrincipal = SecureQueue.Policies.Evaluation.AuthorizationRequest.Anonymous;
}
