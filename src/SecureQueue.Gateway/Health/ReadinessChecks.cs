using Microsoft.Extensions.Diagnostics.HealthChecks;
using SecureQueue.Gateway.Keys;
using SecureQueue.Log.Audit;
using SecureQueue.Log.Events;
using SecureQueue.Log.Migrations;

namespace SecureQueue.Gateway.Health;

/// <summary>The database answers as the gateway's role, with the schema and grants this build needs.</summary>
internal sealed class DatabaseHealthCheck(DatabaseReadiness database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await database.ProblemAsync(cancellationToken) is { } problem ? HealthCheckResult.Unhealthy(problem) : HealthCheckResult.Healthy();
}

/// <summary>The keyring is loaded and names a current version for every key family (start-up refuses otherwise; a reload keeps the last good one).</summary>
internal sealed class KeyringHealthCheck(KeySource keys) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var keyrings = keys.Current.Keyrings.ToList();
        return Task.FromResult(keyrings.Count > 0
            ? HealthCheckResult.Healthy($"{keyrings.Count} keyring(s) loaded")
            : HealthCheckResult.Unhealthy("No keyring is loaded."));
    }
}

/// <summary>The log writer's loop runs: without it no call can be recorded, so none can be answered.</summary>
internal sealed class WriterHealthCheck(LogWriter writer) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(writer.ExecuteTask is { IsCompleted: false }
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The log writer is not running."));
}

/// <summary>Events are chained soon after they commit: a growing lag means the sealer is stuck or the database is slow.</summary>
internal sealed class SealingLagHealthCheck(double maxSealingLagSeconds) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var lag = LogMetrics.SealingLag;
        return Task.FromResult(lag <= maxSealingLagSeconds
            ? HealthCheckResult.Healthy($"sealing lag {lag:0.###} s")
            : HealthCheckResult.Unhealthy($"Sealing lag {lag:0.###} s is above SecureQueue:Ops:MaxSealingLagSeconds ({maxSealingLagSeconds} s)."));
    }
}
