using Microsoft.Extensions.Logging;
using SecureQueue.Crypto.Keys;

namespace SecureQueue.Gateway.Keys;

/// <summary>
/// The key families in use, re-read from configuration when a stored data key names a KEK version this process has
/// not loaded yet (another process ran <c>secq keys rotate</c>), so rotation needs no restart and no receive fails.
/// </summary>
public sealed partial class KeySource(KeyFamilies initial, Func<KeyFamilies> load, TimeProvider time, ILogger<KeySource> logger)
{
    private static readonly TimeSpan MinimumReloadInterval = TimeSpan.FromSeconds(1);
    private readonly Lock gate = new();
    private DateTimeOffset lastReload = DateTimeOffset.MinValue;

    public KeyFamilies Current { get; private set; } = initial;

    /// <summary>Reloads unless it did so a moment ago; returns whether it loaded the keyring now (changed or not).</summary>
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
                // A keyring file being rewritten or broken keeps the keys already loaded; start-up would refuse it. A JSON
                // error's message may quote the file, so only its line is logged.
                Telemetry.GatewayMetrics.KeyReload(loaded: false);
                LogReloadFailed(logger, exception is System.Text.Json.JsonException json ? $"the keyring is not valid JSON (line {json.LineNumber + 1})" : exception.Message);
                return false;
            }

            Telemetry.GatewayMetrics.KeyReload(loaded: true);
            return true;
        }
    }

    [LoggerMessage(EventId = 2301, Level = LogLevel.Error, Message = "Keyring not reloaded, the keys in force stay: {Reason}")]
    private static partial void LogReloadFailed(ILogger logger, string reason);
}
