namespace SecureQueue.Gateway.Authorization;

/// <summary>
/// The guardrails in force: those loaded at start-up, replaced whole when a reload of the directory succeeds and changed
/// something, so an emergency deny needs no restart. A reload that fails keeps them, as start-up would have refused the
/// new files. Without a loader (the CLI's replay) they never change.
/// </summary>
public sealed class GuardrailSource(Guardrails initial, Func<Guardrails>? load = null)
{
    private readonly Reloadable<Guardrails> guardrails = new(initial, load);

    public Guardrails Current => guardrails.Current;

    /// <summary>Loads the directory again: the guardrail names it added, removed and changed, or why it could not.</summary>
    public GuardrailReload Reload()
    {
        var reload = guardrails.Reload(Compare, changes => changes.Changed);
        return reload.Changes ?? new GuardrailReload([], [], [], reload.Failure, reload.Repeated);
    }

    private static GuardrailReload Compare(Guardrails current, Guardrails loaded)
    {
        var before = current.Digests;
        var after = loaded.Digests;
        return new GuardrailReload(
            [.. after.Keys.Where(name => !before.ContainsKey(name))],
            [.. before.Keys.Where(name => !after.ContainsKey(name))],
            [.. after.Keys.Where(name => before.TryGetValue(name, out var digest) && digest != after[name])],
            null,
            false);
    }
}

/// <summary>What one reload of the guardrails did: the names it added, removed and changed, or why it failed.</summary>
public sealed record GuardrailReload(IReadOnlyList<string> Added, IReadOnlyList<string> Removed, IReadOnlyList<string> Modified, string? Failure, bool Repeated)
{
    public bool Changed => Added.Count > 0 || Removed.Count > 0 || Modified.Count > 0;
}
