namespace SecureQueue.Gateway.Authentication.Jwt;

/// <summary>
/// The JWT issuers' signing keys in force: those loaded at start-up, replaced when a reload of the key files succeeds and
/// changed one, so a rotated or compromised key at an identity provider needs no restart (an issuer removes a key from
/// its JWKS, the operator copies the new file). The issuers, audiences and algorithms come from configuration and do
/// not change. A reload that fails keeps the keys in force. Without a loader they never change.
/// </summary>
public sealed class JwtKeySource(JwtIssuers initial, Func<JwtIssuers>? load = null)
{
    private readonly Reloadable<JwtIssuers> issuers = new(initial, load);

    public JwtIssuers Current => issuers.Current;

    /// <summary>Reads the key files again: the issuers whose keys changed, or why they could not be read.</summary>
    public JwtKeyReload Reload()
    {
        var reload = issuers.Reload(Changed, changed => changed.Count > 0);
        return new JwtKeyReload(reload.Changes ?? [], reload.Failure, reload.Repeated);
    }

    private static List<string> Changed(JwtIssuers before, JwtIssuers after)
    {
        var digests = before.Digests;
        return [.. after.Digests.Where(e => !digests.TryGetValue(e.Key, out var digest) || digest != e.Value).Select(e => e.Key)];
    }
}

/// <summary>What one reload of the JWT key files did: the issuers whose keys changed, or why it failed.</summary>
public sealed record JwtKeyReload(IReadOnlyList<string> ChangedIssuers, string? Failure, bool Repeated);
