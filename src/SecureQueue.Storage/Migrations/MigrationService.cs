using Microsoft.Extensions.Hosting;
using Npgsql;

namespace SecureQueue.Storage.Migrations;

/// <summary>Applies schema migrations before the log writer starts (hosted services start in registration order).</summary>
internal sealed class MigrationService(NpgsqlDataSource dataSource) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => MigrationRunner.ApplyAsync(dataSource, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
