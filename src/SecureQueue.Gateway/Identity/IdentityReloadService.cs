using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SecureQueue.Log.Events;

namespace SecureQueue.Gateway.Identity;

/// <summary>
/// Re-reads the identities file and its policy files every <c>SecureQueue:IdentitiesReloadSeconds</c> and at once on
/// SIGHUP, so a revoked credential or a narrowed policy takes effect without a restart. A reload that changed something
/// is an <c>IdentitiesReloaded</c> event in the log naming who gained, lost or changed access; one that failed is an
/// <c>IdentitiesReloadFailed</c> event and an error, once per distinct failure, and the identities in force stay.
/// </summary>
public sealed partial class IdentityReloadService(IdentitySource source, LogWriter writer, GatewayOptions options, ILogger<IdentityReloadService> logger)
    : BackgroundService
{
    private readonly SemaphoreSlim requested = new(0, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var hangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, signal =>
        {
            // Handled here: the runtime's default for SIGHUP would end the process.
            signal.Cancel = true;
            Request();
        });
        var interval = options.IdentitiesReloadSeconds > 0 ? TimeSpan.FromSeconds(options.IdentitiesReloadSeconds) : Timeout.InfiniteTimeSpan;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await requested.WaitAsync(interval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await ReloadAsync();
        }
    }

    /// <summary>Asks for a reload now (SIGHUP); requests made while one is pending are one.</summary>
    public void Request()
    {
        try
        {
            requested.Release();
        }
        catch (SemaphoreFullException)
        {
        }
    }

    internal async Task ReloadAsync()
    {
        var reload = source.Reload();
        Telemetry.GatewayMetrics.IdentityReload(reload);
        switch (reload)
        {
            case IdentityReload.Loaded loaded:
                LogReloaded(logger, loaded.Identities, loaded.Changes.Added.Count, loaded.Changes.Removed.Count, loaded.Changes.Changed.Count);
                await AppendAsync("IdentitiesReloaded", json => WriteChanges(json, loaded));
                break;
            case IdentityReload.Failed { Repeated: false } failed:
                LogReloadFailed(logger, failed.Reason);
                await AppendAsync("IdentitiesReloadFailed", json => json.WriteString("reason", failed.Reason));
                break;
        }
    }

    private async Task AppendAsync(string eventType, Action<Utf8JsonWriter> detail)
    {
        var envelope = new AuditEnvelope(Guid.NewGuid(), "ReloadIdentities", "secq:system", null, "internal", null, null, null, null);
        try
        {
            await writer.AppendAsync(envelope, eventType, detail);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogNotAudited(logger, eventType, exception);
        }
    }

    private static void WriteChanges(Utf8JsonWriter json, IdentityReload.Loaded loaded)
    {
        json.WriteNumber("identities", loaded.Identities);
        WriteList(json, "added", loaded.Changes.Added);
        WriteList(json, "removed", loaded.Changes.Removed);
        WriteList(json, "changed", loaded.Changes.Changed);
        WriteList(json, "credentialsAdded", loaded.Changes.CredentialsAdded);
        WriteList(json, "credentialsRemoved", loaded.Changes.CredentialsRemoved);
    }

    private static void WriteList(Utf8JsonWriter json, string name, IReadOnlyList<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Identities reloaded: {Identities} in force, {Added} added, {Removed} removed, {Changed} changed")]
    private static partial void LogReloaded(ILogger logger, int identities, int added, int removed, int changed);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Error, Message = "Identities not reloaded, the ones in force stay: {Reason}")]
    private static partial void LogReloadFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Critical, Message = "Identities reload could not be audited ({EventType})")]
    private static partial void LogNotAudited(ILogger logger, string eventType, Exception exception);
}
