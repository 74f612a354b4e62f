using Npgsql;
using SecureQueue.Log.Audit;
using SecureQueue.Log.Tests.Events;

namespace SecureQueue.Log.Tests.Audit;

/// <summary>
/// What the sealer asks while nothing or little waits (each idle pass: the lag of what waits; at stop: whether it still
/// owes an event) reads only what lies after its cursor, also before PostgreSQL has any statistics of the log: a new
/// database's log can grow for a minute or more under load before its first autoanalyze. Without statistics the planner
/// takes a third of the log to lie after the cursor; asked for a minimum or a count, it then read the whole log, on
/// every idle pass (the compare benchmark logged a 300 ms pass reading 40,000 events).
/// </summary>
public sealed class SealerPlanTests : IAsyncLifetime
{
    private const int Grown = 20_000;

    /// <summary>The largest xid8: a horizon below which every transaction lies.</summary>
    private const string Newest = "18446744073709551615";

    private readonly LogHarness harness = new();
    private NpgsqlConnection connection = null!;
    private (string TxId, long SeqId) last;

    public async Task InitializeAsync()
    {
        await harness.InitializeAsync();
        await TestDatabase.ExecuteAsync(harness.Database.ConnectionString, "alter table mt_events set (autovacuum_enabled = false)");
        await harness.GrowLogAsync(Grown);
        Assert.Equal(0L, await harness.Database.ScalarAsync<long>("select count(*) from pg_stats where tablename = 'mt_events'"));
        var row = (await harness.Database.RowsAsync("select tx_id::text, seq_id from mt_events order by tx_id desc, seq_id desc limit 1"))[0];
        last = ((string)row[0]!, (long)row[1]!);
        connection = await harness.DataSource.OpenConnectionAsync();
    }

    public async Task DisposeAsync()
    {
        await connection.DisposeAsync();
        await harness.DisposeAsync();
    }

    [Theory]
    [InlineData(nameof(SealSql.NextUnsealedAt), "force_custom_plan")]
    [InlineData(nameof(SealSql.NextUnsealedAt), "force_generic_plan")]
    [InlineData(nameof(SealSql.FirstUnsealedBelow), "force_custom_plan")]
    [InlineData(nameof(SealSql.FirstUnsealedBelow), "force_generic_plan")]
    public async Task NothingAfterTheCursor_ReadsNoEvent(string statement, string planCache)
    {
        var (answer, read) = await RunAsync(planCache, statement, last.TxId, last.SeqId);

        Assert.Null(answer);
        Assert.InRange(read, 0, 10);
    }

    [Theory]
    [InlineData(nameof(SealSql.NextUnsealedAt), "force_custom_plan")]
    [InlineData(nameof(SealSql.NextUnsealedAt), "force_generic_plan")]
    [InlineData(nameof(SealSql.FirstUnsealedBelow), "force_custom_plan")]
    [InlineData(nameof(SealSql.FirstUnsealedBelow), "force_generic_plan")]
    public async Task EveryEventAfterTheCursor_ReadsOne(string statement, string planCache)
    {
        var (answer, read) = await RunAsync(planCache, statement, "0", 0L);

        Assert.NotNull(answer);
        Assert.InRange(read, 1, 10);
    }

    /// <summary>
    /// Runs the statement prepared, as the sealer's auto-prepared statements run, with the cursor given (and, for
    /// <see cref="SealSql.FirstUnsealedBelow"/>, every transaction below the horizon): its answer, and how much of the
    /// log it read.
    /// </summary>
    private async Task<(object? Answer, long Read)> RunAsync(string planCache, string statement, string txId, long seqId)
    {
        var (sql, parameters) = statement == nameof(SealSql.NextUnsealedAt)
            ? (SealSql.NextUnsealedAt, new object[] { txId, seqId })
            : (SealSql.FirstUnsealedBelow, new object[] { txId, seqId, Newest });
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var mode = connection.Command($"set local plan_cache_mode = {planCache}"))
        {
            await mode.ExecuteNonQueryAsync();
        }

        var before = await RowsRead.SoFarAsync(connection, "mt_events");
        await using var command = connection.Command(sql, parameters);
        await command.PrepareAsync();
        var answer = await command.ExecuteScalarAsync();
        var read = await RowsRead.SoFarAsync(connection, "mt_events") - before;
        await transaction.RollbackAsync();
        return (answer is DBNull ? null : answer, read);
    }
}
