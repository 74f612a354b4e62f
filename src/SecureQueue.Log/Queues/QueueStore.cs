using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace SecureQueue.Log.Queues;

/// <summary>SQL over the <c>queues</c> projection, run inside the writer's transaction.</summary>
public sealed class QueueStore
{
    private const string Columns = "queue_id, account_id, region, name, attributes, tags, created_at, last_modified_at, last_purged_at";
    private readonly NpgsqlConnection connection;

    // Many calls in one writer batch name the same queue; any change to a queue drops what was read.
    private readonly Dictionary<QueueKey, QueueRecord?> found = [];

    internal QueueStore(NpgsqlConnection connection) => this.connection = connection;

    /// <summary>Queues changed in this transaction, so readers' caches can drop them after commit.</summary>
    internal HashSet<QueueKey> Changed { get; } = [];

    /// <summary>The command reading the live queues among <paramref name="keys"/>, for <see cref="ReadFoundAsync"/>.</summary>
    internal static NpgsqlBatchCommand FindCommand(IReadOnlyCollection<QueueKey> keys)
    {
        return SqlCommands.BatchCommand(
            $"select {Columns} from queues where deleted_at is null and (account_id, region, name) in (select * from unnest($1::text[], $2::text[], $3::text[]))",
            keys.Select(k => k.AccountId).ToArray(), keys.Select(k => k.Region).ToArray(), keys.Select(k => k.Name).ToArray());
    }

    /// <summary>Keeps what <see cref="FindCommand"/> answered, as <see cref="FindAsync"/> would have found each of <paramref name="keys"/>.</summary>
    internal async Task ReadFoundAsync(NpgsqlDataReader reader, IReadOnlyCollection<QueueKey> keys)
    {
        foreach (var key in keys)
        {
            found[key] = null;
        }

        while (await reader.ReadAsync())
        {
            var queue = Read(reader);
            found[queue.Key] = queue;
        }
    }

    public async Task<QueueRecord?> FindAsync(QueueKey key)
    {
        if (found.TryGetValue(key, out var known))
        {
            return known;
        }

        await using var command = Command(
            $"select {Columns} from queues where account_id = $1 and region = $2 and name = $3 and deleted_at is null", key.AccountId, key.Region, key.Name);
        await using var reader = await command.ExecuteReaderAsync();
        var queue = await reader.ReadAsync() ? Read(reader) : null;
        found[key] = queue;
        return queue;
    }

    /// <summary>Every live queue of the account in every region, in region and name order.</summary>
    public async Task<IReadOnlyList<QueueRecord>> AllAsync(string accountId)
    {
        await using var command = Command($"select {Columns} from queues where account_id = $1 and deleted_at is null order by region, name", accountId);
        await using var reader = await command.ExecuteReaderAsync();
        var queues = new List<QueueRecord>();
        while (await reader.ReadAsync())
        {
            queues.Add(Read(reader));
        }

        return queues;
    }

    public async Task<bool> DeletedSinceAsync(QueueKey key, DateTimeOffset since)
    {
        await using var command = Command(
            "select exists (select 1 from queues where account_id = $1 and region = $2 and name = $3 and deleted_at >= $4)", key.AccountId, key.Region, key.Name, since);
        return (bool)(await command.ExecuteScalarAsync())!;
    }

    public async Task<QueueRecord> InsertAsync(
        QueueKey key, IReadOnlyDictionary<string, string> attributes, IReadOnlyDictionary<string, string> tags, DateTimeOffset now)
    {
        Changed.Add(key);
        found.Clear();
        await using var command = Command(
            $"insert into queues (account_id, region, name, attributes, tags, created_at, last_modified_at) values ($1, $2, $3, $4, $5, $6, $6) returning {Columns}",
            key.AccountId, key.Region, key.Name, Json(attributes), Json(tags), now);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return Read(reader);
    }

    public Task SetAttributesAsync(long queueId, IReadOnlyDictionary<string, string> attributes, DateTimeOffset now) =>
        ExecuteAsync("update queues set attributes = $2, last_modified_at = $3 where queue_id = $1", queueId, Json(attributes), now);

    public Task SetTagsAsync(long queueId, IReadOnlyDictionary<string, string> tags) =>
        ExecuteAsync("update queues set tags = $2 where queue_id = $1", queueId, Json(tags));

    public Task SetPurgedAsync(long queueId, DateTimeOffset now) =>
        ExecuteAsync("update queues set last_purged_at = $2 where queue_id = $1", queueId, now);

    /// <summary>Marks the queue deleted (the purge sweeper removes its messages after <see cref="Messages.MessageStore.BeginPurgeAsync"/>; their events stay).</summary>
    public Task DeleteAsync(long queueId, DateTimeOffset now) =>
        ExecuteAsync("update queues set deleted_at = $2 where queue_id = $1", queueId, now);

    /// <summary>Names of live queues in name order, after <paramref name="after"/>, at most <paramref name="limit"/>.</summary>
    public Task<IReadOnlyList<string>> ListAsync(string accountId, string region, string prefix, string? after, int limit) =>
        ListNamesAsync(
            """
            select name from queues
            where account_id = $1 and region = $2 and deleted_at is null and starts_with(name, $3) and ($4::text is null or name > $4)
            order by name collate "C" limit $5
            """,
            accountId, region, prefix, after, limit);

    /// <summary>
    /// Names of live queues of the account and region whose RedrivePolicy targets <paramref name="targetArn"/>, in name
    /// order, after <paramref name="after"/>, at most <paramref name="limit"/>. Policies are stored in canonical JSON.
    /// </summary>
    public Task<IReadOnlyList<string>> ListSourcesAsync(string accountId, string region, string targetArn, string? after, int limit) =>
        ListNamesAsync(
            """
            select name from queues
            where account_id = $1 and region = $2 and deleted_at is null and attributes ? 'RedrivePolicy'
              and (attributes ->> 'RedrivePolicy')::jsonb ->> 'deadLetterTargetArn' = $3 and ($4::text is null or name > $4)
            order by name collate "C" limit $5
            """,
            accountId, region, targetArn, after, limit);

    // Both listings page by name: $4 is the name the last page ended at (null for the first page), $5 the limit.
    private async Task<IReadOnlyList<string>> ListNamesAsync(string sql, string accountId, string region, string match, string? after, int limit)
    {
        await using var command = Command(sql, accountId, region, match, (object?)after ?? DBNull.Value, limit);
        command.Parameters[3].NpgsqlDbType = NpgsqlDbType.Text;
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    /// <summary>
    /// The queue's approximate counts at <paramref name="now"/>, from its maintained message count and the rows that are
    /// not visible (<c>secq_queue_counts</c>, 116_message_counts.sql): a deep backlog of visible messages is not read.
    /// </summary>
    public Task<QueueCounts> CountAsync(long queueId, DateTimeOffset now) => CountAsync(Command("select * from secq_queue_counts($1, $2)", queueId, now));

    /// <summary>The counts of <see cref="CountAsync(long, DateTimeOffset)"/> over every queue.</summary>
    public Task<QueueCounts> CountAllAsync(DateTimeOffset now) => CountAsync(Command("select * from secq_total_counts($1)", now));

    private static async Task<QueueCounts> CountAsync(NpgsqlCommand command)
    {
        await using (command)
        {
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            return new QueueCounts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
        }
    }

    private static QueueRecord Read(NpgsqlDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        Map(reader.GetString(4)),
        Map(reader.GetString(5)),
        reader.GetFieldValue<DateTimeOffset>(6),
        reader.GetFieldValue<DateTimeOffset>(7),
        reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8));

    private static Dictionary<string, string> Map(string json) =>
        JsonSerializer.Deserialize(json, StorageJson.Default.DictionaryStringString) ?? [];

    private static NpgsqlParameter Json(IReadOnlyDictionary<string, string> map) => new()
    {
        Value = JsonSerializer.Serialize(map.ToDictionary(), StorageJson.Default.DictionaryStringString),
        NpgsqlDbType = NpgsqlDbType.Jsonb,
    };

    private async Task ExecuteAsync(string sql, params object[] parameters)
    {
        // Any queue read in this batch may be the one changing: all of them count as changed.
        Changed.UnionWith(found.Keys);
        found.Clear();
        await using var command = Command(sql, parameters);
        await command.ExecuteNonQueryAsync();
    }

    private NpgsqlCommand Command(string sql, params object[] parameters) => connection.Command(sql, parameters);
}
