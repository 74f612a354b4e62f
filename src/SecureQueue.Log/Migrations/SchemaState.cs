using Npgsql;

namespace SecureQueue.Log.Migrations;

/// <summary>What a database holds of SecureQueue's schema: the version record, if any, and which of our tables exist.</summary>
internal sealed record SchemaState(bool HasVersionTable, IReadOnlySet<string> Applied, IReadOnlyList<string> Tables)
{
    public const string VersionTable = "schema_migrations";

    // The hand-written log before Marten: an events table chained inline under a log_head row.
    private static readonly string[] HandWrittenLog = ["001_log", "002_queues", "003_decision", "004_tx_id", "005_data_keys", "006_checkpoints"];

    public static async Task<SchemaState> ReadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        bool hasVersionTable;
        string[] tables;
        await using (var command = connection.Command(
            "select to_regclass($1) is not null, array(select t from unnest($2::text[]) as t where to_regclass(t) is not null)",
            VersionTable, GatewayGrants.Tables.Select(g => g.Table).Where(t => t != VersionTable).ToArray()))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            hasVersionTable = reader.GetBoolean(0);
            tables = reader.GetFieldValue<string[]>(1);
        }

        var applied = new HashSet<string>(StringComparer.Ordinal);
        if (hasVersionTable)
        {
            await using var command = connection.Command($"select version from {VersionTable}");
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                applied.Add(reader.GetString(0));
            }
        }

        return new SchemaState(hasVersionTable, applied, tables);
    }

    /// <summary>
    /// Refuses a layout this build must never use or build on: our tables without a version record (a pre-release
    /// layout), or versions this build does not know (a newer build migrated it).
    /// </summary>
    public void ThrowIfForeign(IReadOnlyList<string> known)
    {
        if (!HasVersionTable && Tables.Count > 0)
        {
            throw new InvalidOperationException(
                $"The database holds SecureQueue tables ({string.Join(", ", Tables)}) but no schema version record ({VersionTable}): " +
                "it has an earlier layout that this build neither uses nor converts. Keep it for its history if needed, " +
                "and give this build an empty database prepared by `secq db migrate`.");
        }

        if (Applied.Overlaps(HandWrittenLog))
        {
            throw new InvalidOperationException(
                "The database holds the earlier SecureQueue log (an events table chained under log_head), which this build " +
                "neither uses nor converts: its log is Marten's event store. Keep that database for its history if needed " +
                "(secq audit verify of that release still checks it), and give this build an empty database prepared by `secq db migrate`.");
        }

        var unknown = Applied.Where(v => !known.Contains(v, StringComparer.Ordinal)).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidOperationException(
                $"The database's schema has migrations this build does not know ({string.Join(", ", unknown)}): a newer SecureQueue " +
                "migrated it. Run the build that did, or a database prepared by this build's `secq db migrate`.");
        }
    }

    /// <summary>The embedded migrations not yet applied, in order.</summary>
    public IReadOnlyList<string> Pending(IReadOnlyList<string> known) => known.Where(v => !Applied.Contains(v)).ToList();
}
