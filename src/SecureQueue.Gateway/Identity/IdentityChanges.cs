namespace SecureQueue.Gateway.Identity;

/// <summary>
/// What a reload of the identities file changed, by principal ARN and by credential id (never a secret): what the
/// audit event of the reload names, so a reviewer sees who gained or lost access and when.
/// </summary>
public sealed record IdentityChanges(
    IReadOnlyList<string> Added,
    IReadOnlyList<string> Removed,
    IReadOnlyList<string> Changed,
    IReadOnlyList<string> CredentialsAdded,
    IReadOnlyList<string> CredentialsRemoved)
{
    public bool None => Added.Count == 0 && Removed.Count == 0 && Changed.Count == 0;

    public static IdentityChanges Between(IdentityStore before, IdentityStore after)
    {
        var old = before.Listing.ToDictionary(l => l.Identity.PrincipalArn, StringComparer.Ordinal);
        var now = after.Listing.ToDictionary(l => l.Identity.PrincipalArn, StringComparer.Ordinal);
        var oldCredentials = before.Listing.SelectMany(l => l.Credentials).Select(Name).ToHashSet(StringComparer.Ordinal);
        var newCredentials = after.Listing.SelectMany(l => l.Credentials).Select(Name).ToHashSet(StringComparer.Ordinal);
        return new IdentityChanges(
            [.. now.Keys.Where(arn => !old.ContainsKey(arn))],
            [.. old.Keys.Where(arn => !now.ContainsKey(arn))],
            [.. now.Keys.Where(arn => old.ContainsKey(arn) && before.DigestOf(arn) != after.DigestOf(arn))],
            [.. newCredentials.Where(c => !oldCredentials.Contains(c))],
            [.. oldCredentials.Where(c => !newCredentials.Contains(c))]);
    }

    private static string Name(IdentityCredential credential) =>
        credential.Issuer is null ? $"{credential.Kind}:{credential.Id}" : $"{credential.Kind}:{credential.Issuer}#{credential.Id}";
}
