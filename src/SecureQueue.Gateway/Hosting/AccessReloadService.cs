using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SecureQueue.Gateway.Authentication.Jwt;
using SecureQueue.Gateway.Authorization;
using SecureQueue.Gateway.Identity;
using SecureQueue.Log.Events;

namespace SecureQueue.Gateway.Hosting;

/// <summary>
/// Re-reads who may call and what bounds them (the identities file, its policy files, the guardrails and the JWT issuers'
/// signing key files) every <c>SecureQueue:AccessReloadSeconds</c> and at once on SIGHUP, so a revoked credential, a
/// narrowed policy, an emergency deny or a withdrawn token signing key takes effect without a restart. A reload that
/// changed something is an event in the log (<c>IdentitiesReloaded</c>, <c>GuardrailsReloaded</c>, <c>JwtKeysReloaded</c>)
/// naming what it changed; one that failed is an event (<c>…ReloadFailed</c>) and an error, once per distinct failure,
/// and what was in force stays.
/// </summary>
public sealed partial class AccessReloadService(
    IdentitySource identities, GuardrailSource guardrails, JwtKeySource jwtKeys, LogWriter writer, GatewayOptions options, ILogger<AccessReloadService> logger)
    : BackgroundService
{
    private readonly SemaphoreSlim requested = new(0, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (HangUpSignal.Ignored())
        {
            LogHangUpIgnored(logger, options.AccessReloadSeconds);
        }

        using var hangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, signal =>
        {
            // Handled here: the runtime's default for SIGHUP would end the process.
            signal.Cancel = true;
            Request();
        });
        var interval = options.AccessReloadSeconds > 0 ? TimeSpan.FromSeconds(options.AccessReloadSeconds) : Timeout.InfiniteTimeSpan;
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

            await ReloadIdentitiesAsync();
            await ReloadGuardrailsAsync();
            await ReloadJwtKeysAsync();
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

    private async Task ReloadIdentitiesAsync()
    {
        var reload = identities.Reload();
        Telemetry.GatewayMetrics.IdentityReload(reload);
        switch (reload)
        {
            case IdentityReload.Loaded loaded:
                LogIdentitiesReloaded(logger, loaded.Identities, loaded.Changes.Added.Count, loaded.Changes.Removed.Count, loaded.Changes.Changed.Count);
                await AppendAsync("ReloadIdentities", EventTypes.IdentitiesReloaded, json =>
                {
                    json.WriteNumber("identities", loaded.Identities);
                    WriteList(json, "added", loaded.Changes.Added);
                    WriteList(json, "removed", loaded.Changes.Removed);
                    WriteList(json, "changed", loaded.Changes.Changed);
                    WriteList(json, "credentialsAdded", loaded.Changes.CredentialsAdded);
                    WriteList(json, "credentialsRemoved", loaded.Changes.CredentialsRemoved);
                });
                break;
            case IdentityReload.Failed { Repeated: false } failed:
                LogReloadFailed(logger, "Identities", failed.Reason);
                await AppendAsync("ReloadIdentities", EventTypes.IdentitiesReloadFailed, json => json.WriteString("reason", failed.Reason));
                break;
        }
    }

    private async Task ReloadGuardrailsAsync()
    {
        var reload = guardrails.Reload();
        if (reload.Failure is { } failure)
        {
            if (!reload.Repeated)
            {
                LogReloadFailed(logger, "Guardrails", failure);
                await AppendAsync("ReloadGuardrails", EventTypes.GuardrailsReloadFailed, json => json.WriteString("reason", failure));
            }
        }
        else if (reload.Changed)
        {
            LogGuardrailsReloaded(logger, guardrails.Current.Documents.Count, reload.Added.Count, reload.Removed.Count, reload.Modified.Count);
            await AppendAsync("ReloadGuardrails", EventTypes.GuardrailsReloaded, json =>
            {
                json.WriteNumber("guardrails", guardrails.Current.Documents.Count);
                WriteList(json, "added", reload.Added);
                WriteList(json, "removed", reload.Removed);
                WriteList(json, "changed", reload.Modified);
            });
        }
    }

    private async Task ReloadJwtKeysAsync()
    {
        var reload = jwtKeys.Reload();
        if (reload.Failure is { } failure)
        {
            if (!reload.Repeated)
            {
                LogReloadFailed(logger, "JWT signing keys", failure);
                await AppendAsync("ReloadJwtKeys", EventTypes.JwtKeysReloadFailed, json => json.WriteString("reason", failure));
            }
        }
        else if (reload.ChangedIssuers.Count > 0)
        {
            LogJwtKeysReloaded(logger, reload.ChangedIssuers);
            await AppendAsync("ReloadJwtKeys", EventTypes.JwtKeysReloaded, json => WriteList(json, "issuers", reload.ChangedIssuers));
        }
    }

    private async Task AppendAsync(string action, EventType eventType, Action<Utf8JsonWriter> detail)
    {
        var envelope = new AuditEnvelope(Guid.NewGuid(), action, "secq:system", null, "internal", null, null, null, null);
        try
        {
            await writer.AppendAsync(envelope, eventType, detail);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogNotAudited(logger, eventType.Name, exception);
        }
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
    private static partial void LogIdentitiesReloaded(ILogger logger, int identities, int added, int removed, int changed);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Error, Message = "{What} not reloaded, those in force stay: {Reason}")]
    private static partial void LogReloadFailed(ILogger logger, string what, string reason);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Critical, Message = "A reload could not be audited ({EventType})")]
    private static partial void LogNotAudited(ILogger logger, string eventType, Exception exception);

    [LoggerMessage(EventId = 2105, Level = LogLevel.Warning, Message = "SIGHUP is ignored by this process (started under nohup?): identities, guardrails and JWT signing keys are reloaded only every {Seconds} s")]
    private static partial void LogHangUpIgnored(ILogger logger, int seconds);

    [LoggerMessage(EventId = 2106, Level = LogLevel.Information, Message = "JWT signing keys reloaded for {Issuers}")]
    private static partial void LogJwtKeysReloaded(ILogger logger, IReadOnlyList<string> issuers);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Information, Message = "Guardrails reloaded: {Guardrails} in force, {Added} added, {Removed} removed, {Changed} changed")]
    private static partial void LogGuardrailsReloaded(ILogger logger, int guardrails, int added, int removed, int changed);
}
