using Npgsql;
using NpgsqlTypes;

namespace SecureQueue.Log.MoveTasks;

/// <summary>SQL over the <c>message_move_tasks</c> projection: in the writer's transaction, or on a pooled connection to read.</summary>
public sealed class MoveTaskStore
{
    private const string Columns =
        "task_id, source_arn, destination_arn, max_per_second, rate, status, to_move, moved, failure_reason, principal_arn, credential_id, source_ip, started_at, finished_at";

    private readonly NpgsqlConnection connection;

    internal MoveTaskStore(NpgsqlConnection connection) => this.connection = connection;

    /// <summary>Adds a running task; false (and nothing added) when its source queue already has an active one.</summary>
    public async Task<bool> TryInsertAsync(MoveTaskRecord task)
    {
        await using var command = connection.Command(
            $"""
            insert into message_move_tasks ({Columns})
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
            on conflict (source_arn) where status in ('RUNNING', 'CANCELLING') do nothing
            """,
            task.TaskId, task.SourceArn, Nullable(task.DestinationArn, NpgsqlDbType.Text), Nullable(task.MaxPerSecond, NpgsqlDbType.Integer), task.Rate,
            task.Status, task.ToMove, task.Moved, Nullable(task.FailureReason, NpgsqlDbType.Text), task.PrincipalArn, task.CredentialId, task.SourceIp,
            task.StartedAt, Nullable(task.FinishedAt, NpgsqlDbType.TimestampTz));
        return await command.ExecuteNonQueryAsync() == 1;
    }

    /// <summary>The task, locked for this transaction; null when there is none.</summary>
    public async Task<MoveTaskRecord?> FindAsync(Guid taskId)
    {
        var found = await ReadAsync($"select {Columns} from message_move_tasks where task_id = $1 for update", taskId);
        return found.Count == 0 ? null : found[0];
    }

    /// <summary>The most recent tasks of a source queue, newest first.</summary>
    public Task<IReadOnlyList<MoveTaskRecord>> RecentAsync(string sourceArn, int limit) =>
        ReadAsync($"select {Columns} from message_move_tasks where source_arn = $1 order by started_at desc, task_id desc limit $2", sourceArn, limit);

    /// <summary>Every running or cancelling task, oldest first: what the runners share out.</summary>
    public Task<IReadOnlyList<MoveTaskRecord>> ActiveAsync() =>
        ReadAsync($"select {Columns} from message_move_tasks where status in ('RUNNING', 'CANCELLING') order by started_at");

    public Task SetStatusAsync(Guid taskId, string status) =>
        ExecuteAsync("update message_move_tasks set status = $2 where task_id = $1", taskId, status);

    /// <summary>Ends the task: COMPLETED, CANCELLED or FAILED (with its reason).</summary>
    public Task FinishAsync(Guid taskId, string status, string? failureReason, DateTimeOffset now) =>
        ExecuteAsync(
            "update message_move_tasks set status = $2, failure_reason = $3, finished_at = $4 where task_id = $1",
            taskId, status, Nullable(failureReason, NpgsqlDbType.Text), now);

    public Task AddMovedAsync(Guid taskId, int count) =>
        ExecuteAsync("update message_move_tasks set moved = moved + $2 where task_id = $1", taskId, (long)count);

    private async Task ExecuteAsync(string sql, params object[] parameters)
    {
        await using var command = connection.Command(sql, parameters);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<IReadOnlyList<MoveTaskRecord>> ReadAsync(string sql, params object[] parameters)
    {
        await using var command = connection.Command(sql, parameters);
        await using var reader = await command.ExecuteReaderAsync();
        var tasks = new List<MoveTaskRecord>();
        while (await reader.ReadAsync())
        {
            tasks.Add(new MoveTaskRecord(
                reader.GetGuid(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetInt32(3),
                reader.GetInt32(4), reader.GetString(5), reader.GetInt64(6), reader.GetInt64(7), reader.IsDBNull(8) ? null : reader.GetString(8),
                reader.GetString(9), reader.GetString(10), reader.GetString(11), reader.GetFieldValue<DateTimeOffset>(12),
                reader.IsDBNull(13) ? null : reader.GetFieldValue<DateTimeOffset>(13)));
        }

        return tasks;
    }

    private static NpgsqlParameter Nullable(object? value, NpgsqlDbType type) => new() { Value = value ?? DBNull.Value, NpgsqlDbType = type };
}
