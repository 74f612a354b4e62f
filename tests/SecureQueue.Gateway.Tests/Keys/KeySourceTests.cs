using System.Text.Json;
using Microsoft.Extensions.Logging;
using SecureQueue.Crypto.Keys;
using SecureQueue.Gateway.Keys;

namespace SecureQueue.Gateway.Tests.Keys;

/// <summary>A keyring reload that fails keeps the keys in force and says why in the log, without quoting the file.</summary>
public sealed class KeySourceTests
{
    private static readonly KeyFamilies Keys = new(Keyring.FromMasterKey(MasterKey.FromBase64(Convert.ToBase64String(new byte[32]), "test"), DateTime.UnixEpoch));

    [Fact]
    public void Reload_FileBroken_KeepsKeysAndLogsTheReason()
    {
        var logger = new ListLogger();
        var source = new KeySource(Keys, () => throw new InvalidOperationException("SecureQueue:KeyringFile '/k.json' is accessible to other users; set its mode to 0600."), TimeProvider.System, logger);

        Assert.False(source.Reload());

        Assert.Same(Keys, source.Current);
        var (level, id, message) = Assert.Single(logger.Entries);
        Assert.Equal((LogLevel.Error, 2301), (level, id));
        Assert.EndsWith("set its mode to 0600.", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reload_InvalidJson_LogsOnlyTheLine()
    {
        var logger = new ListLogger();
        var source = new KeySource(Keys, () => throw Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse("{\n\"k\": secretbytes}")), TimeProvider.System, logger);

        Assert.False(source.Reload());

        var message = Assert.Single(logger.Entries).Message;
        Assert.EndsWith("the keyring is not valid JSON (line 2)", message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reload_Loads_ReturnsTrueAndLogsNothing()
    {
        var logger = new ListLogger();
        var reloaded = new KeyFamilies(Keyring.FromMasterKey(MasterKey.FromBase64(Convert.ToBase64String(new byte[32]), "test"), DateTime.UnixEpoch));
        var source = new KeySource(Keys, () => reloaded, TimeProvider.System, logger);

        Assert.True(source.Reload());

        Assert.Same(reloaded, source.Current);
        Assert.Empty(logger.Entries);
    }

    private sealed class ListLogger : ILogger<KeySource>
    {
        public List<(LogLevel Level, int Id, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, eventId.Id, formatter(state, exception)));
    }
}
