using SecureQueue.Policies.Documents;

namespace SecureQueue.Gateway.Identity;

/// <summary>A principal from the identities file, with its compiled identity policies and its tags (aws:PrincipalTag/*).</summary>
public sealed record IdentityRecord(string Name, string PrincipalArn, IReadOnlyList<PolicyDocument> Policies, IReadOnlyDictionary<string, string> Tags);
