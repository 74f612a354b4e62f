using Npgsql;

namespace SecureQueue.Log.Keys;

/// <summary>Reads data keys outside the writer: the current key a send leases, and the start-up check that the configured KEKs open them.</summary>
public sealed class DataKeyDirectory(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// The queue's newest key not retired, created after <paramref name="after"/>, or null when a new one is due. After,
    /// not at: a lease ends at its key's creation plus the reuse period, so the key made at that instant is no longer current.
    /// </summary>
    public async Task<StoredDataKey?> CurrentAsync(long queueId, string keyring, DateTimeOffset after, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command(
            """
            select key_id, queue_id, keyring, kek_version, wrapped, created_at from data_keys
            where queue_id = $1 and keyring = $2 and retired_at is null and created_at > $3 order by created_at desc limit 1
            """,
            queueId, keyring, after);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? DataKeyStore.Read(reader) : null;
    }

    /// <summary>For each keyring and KEK version in use, the newest live data key wrapped by it.</summary>
    public async Task<IReadOnlyList<StoredDataKey>> NewestPerKekVersionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command(
            """
            select distinct on (keyring, kek_version) key_id, queue_id, keyring, kek_version, wrapped, created_at
            from data_keys where destroyed_at is null order by keyring, kek_version, created_at desc
            """);
        var keys = new List<StoredDataKey>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(new StoredDataKey(reader.GetGuid(0), reader.GetInt64(1), reader.GetString(2), reader.GetInt32(3), reader.GetFieldValue<byte[]>(4), reader.GetFieldValue<DateTimeOffset>(5)));
        }

        return keys;
    }

    /// <summary>Each queue's newest live data key: which keyring and KEK version wrap it and when it was made, never the key itself.</summary>
    public async Task<IReadOnlyDictionary<long, (string Keyring, int KekVersion, DateTimeOffset CreatedAt)>> NewestPerQueueAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command(
            """
            select distinct on (queue_id) queue_id, keyring, kek_version, created_at
            from data_keys where destroyed_at is null order by queue_id, created_at desc
            """);
        var keys = new Dictionary<long, (string, int, DateTimeOffset)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            keys[reader.GetInt64(0)] = (reader.GetString(1), reader.GetInt32(2), reader.GetFieldValue<DateTimeOffset>(3));
        }

        return keys;
    }

    /// <summary>Data keys per keyring and KEK version: how many are live and how many destroyed (for <c>secq keys status</c>).</summary>
    public async Task<IReadOnlyList<(string Keyring, int KekVersion, long Live, long Destroyed)>> CountsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command(
            """
            select keyring, kek_version, count(*) filter (where destroyed_at is null), count(*) filter (where destroyed_at is not null)
            from data_keys group by keyring, kek_version order by keyring, kek_version
            """);
        var counts = new List<(string, int, long, long)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            counts.Add((reader.GetString(0), reader.GetInt32(1), reader.GetInt64(2), reader.GetInt64(3)));
        }

        return counts;
    }
}
