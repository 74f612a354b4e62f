using Npgsql;

namespace SecureQueue.Log.Tests.Events;

/// <summary>
/// What the current transaction has read of some tables so far: heap rows returned by scans or fetched through indexes,
/// and entries returned by the tables' indexes, from PostgreSQL's counters for the transaction. A statement's share is
/// the difference around it: how much of a table it touched, whatever the machine's speed.
/// </summary>
internal static class RowsRead
{
    public static async Task<long> SoFarAsync(NpgsqlConnection connection, params string[] tables)
    {
        await using var command = new NpgsqlCommand(
            """
            select sum(pg_stat_get_xact_tuples_returned(c.oid) + pg_stat_get_xact_tuples_fetched(c.oid))::bigint from pg_class c
            where c.oid = any($1::text[]::regclass[]) or c.oid in (select indexrelid from pg_index where indrelid = any($1::text[]::regclass[]))
            """,
            connection);
        command.Parameters.AddWithValue(tables);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
