using SecureQueue.Policies.Documents;

namespace SecureQueue.Gateway.Identity;

/// <summary>A principal from the identities file, with its compiled identity policies and its tags (aws:PrincipalTag/*).</summary>
public sealed record IdentityRecord(string Name, string PrincipalArn, IReadOnlyList<PolicyDocument> Policies, IReadOnlyDictionary<string, string> Tags);

/// <summary>An identity as the identities file lists it: the record and the ids of its credentials.</summary>
public sealed record IdentityListing(IdentityRecord Identity, IReadOnlyList<IdentityCredential> Credentials);

/// <summary>
/// One credential by its id, never its secret: an access key id, a JWT subject of <see cref="Issuer"/>, or a client
/// certificate's <c>subject:DN</c> or <c>dns:NAME</c>.
/// </summary>
public sealed record IdentityCredential(string Kind, string Id, string? Issuer)
{
    public const string AccessKey = "accessKey";
    public const string Federated = "federated";
    public const string Certificate = "certificate";
}
