using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace SecureQueue.Log.Migrations;

/// <summary>
/// Runs <see cref="SchemaCheck"/> before the log writer starts (hosted services start in registration order). A role
/// that could rewrite the log is refused unless <c>SecureQueue:AllowOwnerRole</c> is set, for development only.
/// </summary>
internal sealed partial class SchemaCheckService(NpgsqlDataSource dataSource, bool allowOwnerRole, ILogger<SchemaCheckService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await SchemaCheck.VerifySchemaAsync(connection, cancellationToken);
        var excess = await SchemaCheck.ExcessPrivilegesAsync(connection, cancellationToken);
        if (excess.Count == 0)
        {
            return;
        }

        await using var current = new NpgsqlCommand("select current_user::text", connection);
        var role = (string)(await current.ExecuteScalarAsync(cancellationToken))!;
        var what = string.Join(", ", excess);
        if (!allowOwnerRole)
        {
            throw new InvalidOperationException(
                $"The gateway's database role '{role}' {what}: the log would not be append-only. Connect as the least-privilege role " +
                "that `secq db migrate --gateway-role NAME` creates (default " + GatewayGrants.DefaultRole + "), or set " +
                "SecureQueue:AllowOwnerRole=true for development only.");
        }

        LogOwnerRole(logger, role, what);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning,
        Message = "SecureQueue:AllowOwnerRole is set: the gateway's database role '{Role}' {Privileges}, so the log is not append-only against this process")]
    private static partial void LogOwnerRole(ILogger logger, string role, string privileges);
}
