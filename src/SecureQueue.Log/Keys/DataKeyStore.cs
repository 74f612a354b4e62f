using Npgsql;

namespace SecureQueue.Log.Keys;

/// <summary>SQL over <c>data_keys</c>, inside the writer's transaction (key creation and destruction are part of a call).</summary>
public sealed class DataKeyStore
{
    private const string Columns = "key_id, queue_id, keyring, kek_version, wrapped, created_at";
    private readonly NpgsqlConnection connection;
    private readonly Messages.MessageStore messages;
    private readonly Dictionary<Guid, bool> live = [];

    internal DataKeyStore(NpgsqlConnection connection, Messages.MessageStore messages)
    {
        this.connection = connection;
        this.messages = messages;
    }

    /// <summary>
    /// Stores a new key for a queue that is still live; false when the queue is gone (no key is left behind for it).
    /// Two replicas may each store one at once: both are valid, as each message records the key that sealed it.
    /// </summary>
    public async Task<bool> InsertAsync(StoredDataKey key)
    {
        await using var command = connection.Command(
            """
            insert into data_keys (key_id, queue_id, keyring, kek_version, wrapped, created_at)
            select $1, $2, $3, $4, $5, $6 where exists (select 1 from queues where queue_id = $2 and deleted_at is null)
            """,
            key.KeyId, key.QueueId, key.Keyring, key.KekVersion, key.Wrapped!, key.CreatedAt);
        var inserted = await command.ExecuteNonQueryAsync() == 1;
        live[key.KeyId] = inserted;
        return inserted;
    }

    // In key order, so two writers locking the same keys cannot deadlock.
    private const string LiveSql = "select key_id from data_keys where key_id = any($1) and retired_at is null order by key_id for share";

    /// <summary>The command share-locking the live keys among <paramref name="keyIds"/>, for <see cref="ReadLiveAsync"/>.</summary>
    internal static NpgsqlBatchCommand LiveCommand(IReadOnlyCollection<Guid> keyIds) => SqlCommands.BatchCommand(LiveSql, keyIds.ToArray());

    /// <summary>Keeps what <see cref="LiveCommand"/> answered, as <see cref="IsLiveAsync"/> would have for each of <paramref name="keyIds"/>.</summary>
    internal async Task ReadLiveAsync(NpgsqlDataReader reader, IReadOnlyCollection<Guid> keyIds)
    {
        foreach (var keyId in keyIds)
        {
            live[keyId] = false;
        }

        while (await reader.ReadAsync())
        {
            live[reader.GetGuid(0)] = true;
        }
    }

    /// <summary>
    /// False once the key is retired or destroyed (or was never stored): a message sealed with it must not be stored. Known
    /// answers are kept for the transaction, so a batch of sends under one key asks the database once: a live key's row
    /// stays share-locked until commit, so no other replica can destroy it meanwhile.
    /// </summary>
    public async Task<bool> IsLiveAsync(Guid keyId)
    {
        if (live.TryGetValue(keyId, out var known))
        {
            return known;
        }

        await using var command = connection.Command("select exists (select 1 from data_keys where key_id = $1 and retired_at is null for share)", keyId);
        var isLive = (bool)(await command.ExecuteScalarAsync())!;
        live[keyId] = isLive;
        return isLive;
    }

    /// <summary>The live keys among <paramref name="keyIds"/>, each answered and locked as <see cref="IsLiveAsync"/> would, in one statement.</summary>
    public async Task<IReadOnlySet<Guid>> LiveAmongAsync(IReadOnlyCollection<Guid> keyIds)
    {
        var unknown = keyIds.Where(k => !live.ContainsKey(k)).Distinct().ToList();
        if (unknown.Count > 0)
        {
            await using var command = connection.Command(LiveSql, unknown.ToArray());
            await using var reader = await command.ExecuteReaderAsync();
            await ReadLiveAsync(reader, unknown);
        }

        return keyIds.Where(k => live[k]).ToHashSet();
    }

    /// <summary>The stored keys with the given ids (destroyed ones come back with null <c>Wrapped</c>).</summary>
    public async Task<IReadOnlyList<StoredDataKey>> FindAsync(IReadOnlyCollection<Guid> keyIds)
    {
        await using var command = connection.Command($"select {Columns} from data_keys where key_id = any($1)", keyIds.ToArray());
        return await ReadAllAsync(command);
    }

    /// <summary>
    /// Crypto-shredding: erases every live key of the queue that no remaining message was sealed with. The next
    /// send simply makes a new key. Sends buffered earlier in this transaction are written first, so their key stays.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> DestroyUnusedAsync(long queueId, DateTimeOffset now)
    {
        await messages.FlushAsync();
        // Replicas write concurrently: first wait for every transaction that stores messages under these keys (each holds
        // its key row FOR SHARE), so the next statement, in a snapshot of its own, sees their messages.
        await using (var locked = connection.Command(
            "select key_id from data_keys where queue_id = $1 and destroyed_at is null for no key update", queueId))
        {
            await locked.ExecuteNonQueryAsync();
        }

        await using var command = connection.Command(
            """
            update data_keys k set wrapped = null, destroyed_at = $2, retired_at = coalesce(k.retired_at, $2)
            where k.queue_id = $1 and k.destroyed_at is null
              and not exists (select 1 from queue_messages m where m.queue_id = (select $1) and m.key_id = k.key_id)
            returning k.key_id
            """,
            queueId, now);
        var destroyed = await ReadIdsAsync(command);
        foreach (var keyId in destroyed)
        {
            live[keyId] = false;
        }

        return destroyed;
    }

    /// <summary>
    /// A purge or a queue's deletion: no message is sealed with the queue's current keys again (the next send makes a new
    /// one), while the messages already sealed with them stay readable until the purge sweeper removes them and
    /// <see cref="DestroyRetiredAsync"/> erases the keys. Sends buffered earlier in this transaction are written first.
    /// Taking the rows' locks waits for every other transaction storing messages under these keys (each holds its key
    /// FOR SHARE); sends after it find the keys retired. Returns the keys retired.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> RetireAsync(long queueId, DateTimeOffset now)
    {
        await messages.FlushAsync();
        await using var command = connection.Command(
            "update data_keys set retired_at = $2 where queue_id = $1 and retired_at is null returning key_id", queueId, now);
        var retired = await ReadIdsAsync(command);
        foreach (var keyId in retired)
        {
            live[keyId] = false;
        }

        return retired;
    }

    /// <summary>
    /// Crypto-shredding after a purge: erases the queue's retired keys that no remaining message was sealed with. No
    /// message is stored under a retired key, so none can appear after this statement's snapshot.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> DestroyRetiredAsync(long queueId, DateTimeOffset now)
    {
        await using var command = connection.Command(
            """
            update data_keys k set wrapped = null, destroyed_at = $2
            where k.queue_id = $1 and k.retired_at is not null and k.destroyed_at is null
              and not exists (select 1 from queue_messages m where m.queue_id = (select $1) and m.key_id = k.key_id)
            returning k.key_id
            """,
            queueId, now);
        return await ReadIdsAsync(command);
    }

    private static async Task<IReadOnlyList<Guid>> ReadIdsAsync(NpgsqlCommand command)
    {
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    /// <summary>Every live key, for re-wrapping under a new key-encryption key version.</summary>
    public async Task<IReadOnlyList<StoredDataKey>> LiveAsync()
    {
        await using var command = connection.Command($"select {Columns} from data_keys where destroyed_at is null order by created_at");
        return await ReadAllAsync(command);
    }

    public async Task RewrapAsync(Guid keyId, int kekVersion, byte[] wrapped)
    {
        await using var command = connection.Command(
            "update data_keys set kek_version = $2, wrapped = $3 where key_id = $1 and destroyed_at is null", keyId, kekVersion, wrapped);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<IReadOnlyList<StoredDataKey>> ReadAllAsync(NpgsqlCommand command)
    {
        var keys = new List<StoredDataKey>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            keys.Add(Read(reader));
        }

        return keys;
    }

    internal static StoredDataKey Read(NpgsqlDataReader reader) => new(
        reader.GetGuid(0), reader.GetInt64(1), reader.GetString(2), reader.GetInt32(3),
        reader.IsDBNull(4) ? null : reader.GetFieldValue<byte[]>(4), reader.GetFieldValue<DateTimeOffset>(5));
}
