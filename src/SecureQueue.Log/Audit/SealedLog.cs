using System.Runtime.CompilerServices;
using Npgsql;

namespace SecureQueue.Log.Audit;

/// <summary>
/// What exports (<c>SecureQueue.Trail</c>) read from the log: sealed events in position order with their links, and
/// signed checkpoints. Only sealed events are exported, so every record has a position and every digest can name a
/// link of the chain. Read-only: the gateway's role has <c>SELECT</c> on <c>seals</c>, <c>mt_events</c> and
/// <c>checkpoints</c>. <see cref="Lease"/> gives the one replica that runs a continuous export its lock.
/// </summary>
public sealed class SealedLog(NpgsqlDataSource dataSource)
{
    private const int Page = 1000;

    private const string Range = """
        select s.position, e.id, e.seq_id, e.data, s.hash, (e.data ->> 'time')::timestamptz
        from seals s left join mt_events e on e.seq_id = s.seq_id
        where s.position > $1 and s.position <= $2 order by s.position limit $3
        """;

    /// <summary>Sealed events after <paramref name="after"/> up to <paramref name="through"/>, gap-free or it throws.</summary>
    public async IAsyncEnumerable<SealedRow> ReadAsync(long after, long through, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var expected = after + 1;
        while (expected <= through)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var command = connection.Command(Range, expected - 1, through, Page);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var read = 0;
            while (await reader.ReadAsync(cancellationToken))
            {
                var position = reader.GetInt64(0);
                if (position != expected || reader.IsDBNull(1))
                {
                    throw new InvalidOperationException(
                        $"the log has no event at position {expected}: it was deleted or the seals were edited. Run secq audit verify.");
                }

                read++;
                expected++;
                yield return new SealedRow(
                    position, reader.GetGuid(1), reader.GetInt64(2), reader.GetFieldValue<byte[]>(3), reader.GetFieldValue<byte[]>(4), reader.GetFieldValue<DateTimeOffset>(5));
            }

            if (read == 0)
            {
                throw new InvalidOperationException($"the log ends before position {expected}, which a checkpoint covers. Run secq audit verify.");
            }
        }
    }

    /// <summary>The newest checkpoint signed with the key <paramref name="keyId"/> names, whatever its origin.</summary>
    public async Task<Checkpoint?> NewestCheckpointAsync(string keyId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command(
            "select position, hash, signed_at, key_id, origin, signature from checkpoints where key_id = $1 order by position desc, signed_at desc limit 1", keyId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new Checkpoint(reader.GetInt64(0), reader.GetFieldValue<byte[]>(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetString(3), reader.GetString(4),
                reader.GetFieldValue<byte[]>(5))
            : null;
    }

    public async Task<byte[]?> SealHashAsync(long position, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command("select hash from seals where position = $1", position);
        return await command.ExecuteScalarAsync(cancellationToken) as byte[];
    }

    public async Task<bool> HasCheckpointAsync(byte[] signature, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command("select exists (select 1 from checkpoints where signature = $1)", signature);
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    /// <summary>The position before the first sealed event (in position order) recorded at or after <paramref name="from"/>.</summary>
    public async Task<long> PositionBeforeAsync(DateTimeOffset from, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command(
            """
            select coalesce(min(s.position), (select coalesce(max(position), 0) + 1 from seals)) - 1
            from seals s join mt_events e on e.seq_id = s.seq_id where (e.data ->> 'time')::timestamptz >= $1
            """, from);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>A session advisory lock under <paramref name="key"/>, for work exactly one replica does at a time.</summary>
    public AdvisoryLease Lease(long key) => new(dataSource, key);
}

/// <summary>A sealed event: its position, Marten id and sequence number, canonical JSON data, link in the chain, and when it was recorded.</summary>
public sealed record SealedRow(long Position, Guid Id, long SeqId, byte[] Data, byte[] Hash, DateTimeOffset Time);
