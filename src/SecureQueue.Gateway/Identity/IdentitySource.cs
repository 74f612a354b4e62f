namespace SecureQueue.Gateway.Identity;

/// <summary>
/// The identities in force: the store loaded at start-up, replaced whole when a reload of the identities file and its
/// policy files succeeds. A reload that fails keeps the store in force, as start-up would have refused the new files;
/// each call authenticates against one store, never a mix.
/// </summary>
public sealed class IdentitySource(IdentityStore initial, Func<IdentityStore> load)
{
    private readonly Lock gate = new();
    private IdentityStore current = initial;
    private string? lastFailure;

    public IdentityStore Current => Volatile.Read(ref current);

    public string? SecretFor(string accessKeyId) => Current.SecretFor(accessKeyId);

    public IdentityReload Reload()
    {
        lock (gate)
        {
            IdentityStore loaded;
            try
            {
                loaded = load();
            }
            catch (Exception exception) when (exception is InvalidOperationException or IOException or UnauthorizedAccessException)
            {
                // The same broken files are reported once, not at every poll.
                var repeated = exception.Message == lastFailure;
                lastFailure = exception.Message;
                return new IdentityReload.Failed(exception.Message, repeated);
            }

            lastFailure = null;
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
