namespace SecureQueue.Gateway.Identity;

/// <summary>A principal from the identities file, with its compiled identity policies.</summary>
public sealed record IdentityRecord(string Name, string PrincipalArn, IReadOnlyList<Policies.Documents.PolicyDocument> Policies);
