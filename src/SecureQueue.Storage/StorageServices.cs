using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SecureQueue.Storage.Audit;
using SecureQueue.Storage.Log;
using SecureQueue.Storage.Migrations;
using SecureQueue.Storage.Queues;
using SecureQueue.Storage.Signals;

namespace SecureQueue.Storage;

public static class StorageServices
{
    /// <summary>
    /// Registers the data source, the start-up schema and role check, checkpoints, the log writer and the cross-replica
    /// queue listener. <paramref name="allowOwnerRole"/> lets a role that could rewrite the log start with a warning
    /// (development only).
    /// </summary>
    public static IServiceCollection AddSecureQueueStorage(this IServiceCollection services, string connectionString, bool allowOwnerRole, CheckpointSettings checkpoints)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            MaxAutoPrepare = 64,
            AutoPrepareMinUsages = 2,
            NoResetOnClose = true,
            Enlist = false,
        };
        services.AddSingleton(_ => new NpgsqlDataSourceBuilder(builder.ConnectionString).Build());
        services.AddHostedService(sp => ActivatorUtilities.CreateInstance<SchemaCheckService>(sp, allowOwnerRole));
        // Before the writer: hosted services stop in reverse order, so the last checkpoint follows the writer's last commit.
        services.AddSingleton(checkpoints);
        services.AddSingleton<CheckpointService>();
        services.AddHostedService(sp => sp.GetRequiredService<CheckpointService>());
        services.AddSingleton<QueueSignals>();
        services.AddSingleton<QueueDirectory>();
        services.AddSingleton<QueueReader>();
        services.AddSingleton<Keys.DataKeyDirectory>();
        services.AddSingleton<LogWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<LogWriter>());
        services.AddHostedService<QueueListener>();
        return services;
    }
}
