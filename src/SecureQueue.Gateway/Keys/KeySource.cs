using SecureQueue.Crypto.Keys;

namespace SecureQueue.Gateway.Keys;

/// <summary>
/// The key families in use, re-read from configuration when a stored data key names a KEK version this process has
/// not loaded yet (another process ran <c>secq keys rotate</c>), so rotation needs no restart and no receive fails.
/// </summary>
public sealed class KeySource(KeyFamilies initial, Func<KeyFamilies> load, TimeProvider time)
{
    private static readonly TimeSpan MinimumReloadInterval = TimeSpan.FromSeconds(1);
    private readonly Lock gate = new();
    private DateTimeOffset lastReload = DateTimeOffset.MinValue;

    public KeyFamilies Current { get; private set; } = initial;

    /// <summary>Reloads unless it did so a moment ago; returns whether the families changed.</summary>
    public bool Reload()
    {
        lock (gate)
        {
            var now = time.GetUtcNow();
            if (now - lastReload < MinimumReloadInterval)
            {
                return false;
            }

            lastReload = now;
            try
            {
                Current = load();
            }
            catch (Exception exception) when (exception is InvalidOperationException or IOException or System.Text.Json.JsonException)
            {
                // A keyring file being rewritten or broken keeps the keys already loaded; start-up would refuse it.
                Telemetry.GatewayMetrics.KeyReload(loaded: false);
                return false;
            }

            Telemetry.GatewayMetrics.KeyReload(loaded: true);
            return true;
        }
    }
}
