namespace SecureQueue.Gateway.Identity;

/// <summary>
/// The identities in force: the store loaded at start-up, replaced whole when a reload of the identities file and its
/// policy files succeeds. A reload that fails keeps the store in force, as start-up would have refused the new files;
/// each call authenticates against one store, never a mix.
/// </summary>
public sealed class IdentitySource(IdentityStore initial, Func<IdentityStore> load)
{
    private readonly Lock gate = new();
    private readonly Hosting.ReloadAttempts<IdentityStore> attempts = new(load);
    private IdentityStore current = initial;

    public IdentityStore Current => Volatile.Read(ref current);

    public string? SecretFor(string accessKeyId) => Current.SecretFor(accessKeyId);

    public IdentityReload Reload()
    {
        lock (gate)
        {
            var (loaded, failure, repeated) = attempts.Run();
            if (loaded is null)
            {
                return new IdentityReload.Failed(failure!, repeated);
            }

            var changes = IdentityChanges.Between(current, loaded);
            if (changes.None)
            {
                return new IdentityReload.Unchanged();
            }

            Volatile.Write(ref current, loaded);
            return new IdentityReload.Loaded(changes, loaded.Listing.Count);
        }
    }
}

/// <summary>What one reload did.</summary>
public abstract record IdentityReload
{
    private IdentityReload()
    {
    }

    public sealed record Unchanged : IdentityReload;

    public sealed record Loaded(IdentityChanges Changes, int Identities) : IdentityReload;

    /// <param name="Reason">Names the file and the problem, never a secret or a policy's text.</param>
    /// <param name="Repeated">The last reload failed with the same reason.</param>
    public sealed record Failed(string Reason, bool Repeated) : IdentityReload;
}
