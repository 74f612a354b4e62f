namespace SecureQueue.Gateway.Authorization;

/// <summary>
/// The guardrails in force: those loaded at start-up, replaced whole when a reload of the directory succeeds and changed
/// something, so an emergency deny needs no restart. A reload that fails keeps them, as start-up would have refused the
/// new files. Without a loader (the CLI's replay) they never change.
/// </summary>
public sealed class GuardrailSource(Guardrails initial, Func<Guardrails>? load = null)
{
    private readonly Lock gate = new();
    private Guardrails current = initial;
    private string? lastFailure;

    public Guardrails Current => Volatile.Read(ref current);

    /// <summary>The guardrail names added, removed and changed; null when nothing changed, a failure's reason when the load failed.</summary>
    public GuardrailReload Reload()
    {
        lock (gate)
        {
            if (load is null)
            {
                return new GuardrailReload([], [], [], null, false);
            }

            Guardrails loaded;
            try
            {
                loaded = load();
            }
            catch (Exception exception) when (exception is InvalidOperationException or IOException or UnauthorizedAccessException)
            {
                var repeated = exception.Message == lastFailure;
                lastFailure = exception.Message;
                return new GuardrailReload([], [], [], exception.Message, repeated);
            }

            lastFailure = null;
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
