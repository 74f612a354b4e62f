namespace SecureQueue.Gateway.Identity;

/// <summary>
/// The identities in force: the store loaded at start-up, replaced whole when a reload of the identities file and its
/// policy files succeeds. A reload that fails keeps the store in force, as start-up would have refused the new files;
/// each call authenticates against one store, never a mix.
/// </summary>
public sealed class IdentitySource(IdentityStore initial, Func<IdentityStore> load)
{
    private readonly Reloadable<IdentityStore> store = new(initial, load);

    public IdentityStore Current => store.Current;

    public string? SecretFor(string accessKeyId) => Current.SecretFor(accessKeyId);

    public IdentityReload Reload()
    {
        var reload = store.Reload((current, loaded) => (Changes: IdentityChanges.Between(current, loaded), loaded.Listing.Count), changes => !changes.Changes.None);
        return reload switch
        {
            { Failure: { } failure } => new IdentityReload.Failed(failure, reload.Repeated),
            { Changes: var (changes, identities) } when !changes.None => new IdentityReload.Loaded(changes, identities),
            _ => new IdentityReload.Unchanged(),
        };
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
