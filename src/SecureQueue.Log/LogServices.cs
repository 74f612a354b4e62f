using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SecureQueue.Log.Audit;
using SecureQueue.Log.Events;
using SecureQueue.Log.Migrations;
using SecureQueue.Log.Queues;
using SecureQueue.Log.Signals;

namespace SecureQueue.Log;

public static class LogServices
{
    /// <summary>
    /// Registers the data source, Marten's event store, the start-up schema and role check, checkpoints, the sealer, the log writer, the cross-replica
    /// queue listener and the message count folder. <paramref name="allowOwnerRole"/> lets a role that could rewrite the log start with a warning
    /// (development only).
    /// </summary>
    public static IServiceCollection AddSecureQueueLog(this IServiceCollection services, string connectionString, bool allowOwnerRole, CheckpointSettings checkpoints)
    {
        services.AddSingleton(_ => DataSource(connectionString));
        services.AddSingleton(sp => EventStore.Create(sp.GetRequiredService<NpgsqlDataSource>()));
        services.AddHostedService(sp => ActivatorUtilities.CreateInstance<SchemaCheckService>(sp, allowOwnerRole));
        services.AddSingleton<DatabaseReadiness>();
        // Checkpoints, then the sealer, then the writer: hosted services stop in reverse order, so the writer's last
        // batch is sealed, and the last seal checkpointed, before the process ends.
        services.AddSingleton(checkpoints);
        services.AddSingleton<CheckpointService>();
        services.AddHostedService(sp => sp.GetRequiredService<CheckpointService>());
        services.AddSingleton<LogSealer>();
        services.AddHostedService(sp => sp.GetRequiredService<LogSealer>());
        services.AddSingleton<SealedLog>();
        services.AddSingleton<AuditSearch>();
        services.AddSingleton<QueueSignals>();
        services.AddSingleton<QueueDirectory>();
        services.AddSingleton<QueueReader>();
        services.AddSingleton<MoveTasks.MoveTaskReader>();
        services.AddSingleton<Keys.DataKeyDirectory>();
        services.AddSingleton<LogWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<LogWriter>());
        services.AddHostedService<QueueListener>();
        services.AddSingleton<MessageCountFolder>();
        services.AddHostedService(sp => sp.GetRequiredService<MessageCountFolder>());
        return services;
    }

    /// <summary>The data source every part of SecureQueue uses: statements prepared automatically, sessions in UTC.</summary>
    public static NpgsqlDataSource DataSource(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            MaxAutoPrepare = 64,
            AutoPrepareMinUsages = 2,
            NoResetOnClose = true,
            Enlist = false,
            // Marten stamps each event with the server's UTC wall time, read back in the session's zone.
            Timezone = "UTC",
        };
        // Named, so Npgsql's metrics label the pool with this name instead of the connection string's host and user.
        return new NpgsqlDataSourceBuilder(builder.ConnectionString) { Name = "securequeue" }.Build();
    }
}
