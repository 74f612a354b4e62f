namespace SecureQueue.Gateway.Authentication.Jwt;

/// <summary>
/// The JWT issuers' signing keys in force: those loaded at start-up, replaced when a reload of the key files succeeds and
/// changed one, so a rotated or compromised key at an identity provider needs no restart (an issuer removes a key from
/// its JWKS, the operator copies the new file). The issuers, audiences and algorithms come from configuration and do
/// not change. A reload that fails keeps the keys in force, as start-up would have refused the new files. Without a
/// loader they never change.
/// </summary>
public sealed class JwtKeySource(JwtIssuers initial, Func<JwtIssuers>? load = null)
{
    private readonly Lock gate = new();
    private readonly Hosting.ReloadAttempts<JwtIssuers>? attempts = load is null ? null : new(load);
    private JwtIssuers current = initial;

    public JwtIssuers Current => Volatile.Read(ref current);

    /// <summary>Reads the key files again: the issuers whose keys changed, or why they could not be read.</summary>
    public JwtKeyReload Reload()
    {
        lock (gate)
        {
            if (attempts is null)
            {
                return new JwtKeyReload([], null, false);
            }

            var (loaded, failure, repeated) = attempts.Run();
            if (loaded is null)
            {
                return new JwtKeyReload([], failure, repeated);
            }

            var before = current.Digests;
            List<string> changed = [.. loaded.Digests.Where(e => !before.TryGetValue(e.Key, out var digest) || digest != e.Value).Select(e => e.Key)];
            if (changed.Count > 0)
            {
                Volatile.Write(ref current, loaded);
            }

            return new JwtKeyReload(changed, null, false);
        }
    }
}

/// <summary>What one reload of the JWT key files did: the issuers whose keys changed, or why it failed.</summary>
public sealed record JwtKeyReload(IReadOnlyList<string> ChangedIssuers, string? Failure, bool Repeated);
