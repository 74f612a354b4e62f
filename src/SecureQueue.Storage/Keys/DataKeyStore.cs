using Npgsql;

namespace SecureQueue.Storage.Keys;

/// <summary>SQL over <c>data_keys</c>, inside the writer's transaction (key creation and destruction are part of a call).</summary>
public sealed class DataKeyStore
{
    private const string Columns = "key_id, queue_id, keyring, kek_version, wrapped, created_at";
    private readonly NpgsqlConnection connection;
    private readonly Messages.MessageStore messages;

    internal DataKeyStore(NpgsqlConnection connection, Messages.MessageStore messages)
    {
        this.connection = connection;
        this.messages = messages;
    }

    /// <summary>The queue's newest live key created at or after <paramref name="notBefore"/>, or null when a new one is due.</summary>
    public async Task<StoredDataKey?> CurrentAsync(long queueId, string keyring, DateTimeOffset notBefore)
    {
        await using var command = connection.Command(
            $"select {Columns} from data_keys where queue_id = $1 and keyring = $2 and destroyed_at is null and created_at >= $3 order by created_at desc limit 1",
            queueId, keyring, notBefore);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? Read(reader) : null;
    }

    public async Task InsertAsync(StoredDataKey key)
    {
        await using var command = connection.Command(
            "insert into data_keys (key_id, queue_id, keyring, kek_version, wrapped, created_at) values ($1, $2, $3, $4, $5, $6)",
            key.KeyId, key.QueueId, key.Keyring, key.KekVersion, key.Wrapped!, key.CreatedAt);
        await command.ExecuteNonQueryAsync();
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
        await using var command = connection.Command(
            """
            update data_keys k set wrapped = null, destroyed_at = $2
            where k.queue_id = $1 and k.destroyed_at is null
              and not exists (select 1 from queue_messages m where m.queue_id = $1 and m.key_id = k.key_id)
            returning k.key_id
            """,
            queueId, now);
        var destroyed = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            destroyed.Add(reader.GetGuid(0));
        }

        return destroyed;
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

    private static StoredDataKey Read(NpgsqlDataReader reader) => new(
        reader.GetGuid(0), reader.GetInt64(1), reader.GetString(2), reader.GetInt32(3),
        reader.IsDBNull(4) ? null : reader.GetFieldValue<byte[]>(4), reader.GetFieldValue<DateTimeOffset>(5));
}
