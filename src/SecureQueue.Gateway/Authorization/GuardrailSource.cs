namespace SecureQueue.Gateway.Authorization;

/// <summary>
/// The guardrails in force: those loaded at start-up, replaced whole when a reload of the directory succeeds and changed
/// something, so an emergency deny needs no restart. A reload that fails keeps them, as start-up would have refused the
/// new files. Without a loader (the CLI's replay) they never change.
/// </summary>
public sealed class GuardrailSource(Guardrails initial, Func<Guardrails>? load = null)
{
    private readonly Lock gate = new();
    private readonly Hosting.ReloadAttempts<Guardrails>? attempts = load is null ? null : new(load);
    private Guardrails current = initial;

    public Guardrails Current => Volatile.Read(ref current);

    /// <summary>Loads the directory again: the guardrail names it added, removed and changed, or why it could not.</summary>
    public GuardrailReload Reload()
    {
        lock (gate)
        {
            if (attempts is null)
            {
                return new GuardrailReload([], [], [], null, false);
            }

            var (loaded, failure, repeated) = attempts.Run();
            if (loaded is null)
            {
                return new GuardrailReload([], [], [], failure, repeated);
            }

            var before = current.Digests;
            var after = loaded.Digests;
            var reload = new GuardrailReload(
                [.. after.Keys.Where(name => !before.ContainsKey(name))],
                [.. before.Keys.Where(name => !after.ContainsKey(name))],
                [.. after.Keys.Where(name => before.TryGetValue(name, out var digest) && digest != after[name])],
                null,
                false);
            if (reload.Changed)
            {
                Volatile.Write(ref current, loaded);
            }

            return reload;
        }
    }
}

/// <summary>What one reload of the guardrails did: the names it added, removed and changed, or why it failed.</summary>
public sealed record GuardrailReload(IReadOnlyList<string> Added, IReadOnlyList<string> Removed, IReadOnlyList<string> Modified, string? Failure, bool Repeated)
{
    public bool Changed => Added.Count > 0 || Removed.Count > 0 || Modified.Count > 0;
}
