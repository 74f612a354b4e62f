namespace SecureQueue.Gateway;

/// <summary>
/// A setting reloaded while the gateway runs (identities, guardrails, JWT signing keys): the value loaded at start-up,
/// replaced whole when a load succeeds and changed something, so each call sees one value, never a mix. A load that
/// fails keeps the value in force, as start-up would have refused the new files, and each failure start-up would also
/// refuse (a broken file, one not readable) is told from the one before it, so the same broken files are reported once,
/// not at every poll. Without a loader the value never changes.
/// </summary>
internal sealed class Reloadable<T>(T initial, Func<T>? load)
    where T : class
{
    private readonly Lock gate = new();
    private T current = initial;
    private string? lastFailure;

    public T Current => Volatile.Read(ref current);

    /// <summary>
    /// Loads again: what <paramref name="compare"/> finds changed from the value in force to the loaded one (which then
    /// replaces it when <paramref name="changed"/> says so), or why the load failed and whether the last one failed alike.
    /// </summary>
    public Reloaded<TChanges> Reload<TChanges>(Func<T, T, TChanges> compare, Func<TChanges, bool> changed)
    {
        lock (gate)
        {
            if (load is null)
            {
                return new Reloaded<TChanges>(default, null, false);
            }

            T loaded;
            try
            {
                loaded = load();
                lastFailure = null;
            }
            catch (Exception exception) when (exception is InvalidOperationException or IOException or UnauthorizedAccessException)
            {
                var repeated = exception.Message == lastFailure;
                lastFailure = exception.Message;
                return new Reloaded<TChanges>(default, exception.Message, repeated);
            }

            var changes = compare(current, loaded);
            if (changed(changes))
            {
                Volatile.Write(ref current, loaded);
            }

            return new Reloaded<TChanges>(changes, null, false);
        }
    }
}

/// <summary>One reload: what changed (default when it failed or there is no loader), or why it failed.</summary>
internal readonly record struct Reloaded<TChanges>(TChanges? Changes, string? Failure, bool Repeated);
