using Npgsql;
using SecureQueue.Log.Events;
using SecureQueue.Log.Messages;
using SecureQueue.Log.Queues;
using SecureQueue.Log.Tests.Events;

namespace SecureQueue.Log.Tests.Messages;

/// <summary>
/// What a receive, delete, visibility change, long-poll probe or move reads of <c>queue_messages</c> (heap rows and
/// index entries, from PostgreSQL's counters for the current transaction) stays near what it touches, however wrong the
/// planner's statistics are about the queue's size. With a plan chosen for a one-row queue, each read the whole burst.
/// </summary>
public sealed class StaleStatisticsTests(StaleStatistics stale) : IClassFixture<StaleStatistics>
{
    // Far above what the right plans read (tens of rows; the FIFO claim probes each of its 20 groups), far below a burst.
    private const long MaxRowsRead = StaleStatistics.Burst / 20;

    private LogWriter Writer => stale.Harness.Writer;

    [Fact]
    public async Task Claim_BurstQueue_ReadsOnlyTheClaimedRows()
    {
        var (claimed, read) = await MeasureAsync(tx => tx.Messages.ClaimAsync(stale.Visible, tx.Now, 10, tx.Now.AddMinutes(5), tx.Position));

        Assert.Equal(10, claimed.Messages.Count);
        Assert.InRange(read, 1, MaxRowsRead);
    }

    [Fact]
    public async Task ReservedClaims_BurstQueue_ReadOnlyTheClaimedRows()
    {
        await using var connection = await stale.Harness.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var now = DateTimeOffset.UtcNow;
        var before = await RowsReadAsync(connection);
        var claimed = await ReadAllAsync(
            connection, MessageStore.ReserveCommand(stale.Visible, now, [new ClaimReservation(1, 10, now.AddMinutes(5)), new ClaimReservation(2, 10, now.AddMinutes(5))]));

        Assert.Equal(20, claimed);
        Assert.InRange(await RowsReadAsync(connection) - before, 1, MaxRowsRead);
    }

    [Fact]
    public async Task Delete_BurstQueue_ReadsOnlyTheReceiptsRows()
    {
        var claimed = await ClaimAsync(stale.Visible);

        var (removed, read) = await MeasureAsync(tx => tx.Messages.DeleteAsync(stale.Visible, claimed.Select(Receipt).ToList()));

        Assert.Equal(claimed.Count, removed.Count);
        Assert.InRange(read, 1, MaxRowsRead);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task DeleteAhead_BurstQueue_ReadsOnlyTheReceiptsRows(bool fifo)
    {
        var queue = fifo ? stale.Fifo : stale.Visible;
        var claimed = await ClaimAsync(queue);
        await using var connection = await stale.Harness.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var before = await RowsReadAsync(connection);

        var removed = await ReadAllAsync(
            connection, MessageStore.DeleteCommand(queue, [(1, new DeleteRequest(queue, claimed.Select(Receipt).ToList(), RefuseExpired: fifo))], DateTimeOffset.UtcNow));

        Assert.Equal(claimed.Count, removed);
        Assert.InRange(await RowsReadAsync(connection) - before, 1, MaxRowsRead);
    }

    [Fact]
    public async Task ChangeVisibility_BurstQueue_ReadsOnlyTheReceiptsRows()
    {
        var claimed = await ClaimAsync(stale.Visible);

        var (changed, read) = await MeasureAsync(tx => tx.Messages.ChangeVisibilityAsync(
            stale.Visible, claimed.Select(m => new VisibilityChange(Receipt(m), tx.Now.AddMinutes(10))).ToList()));

        Assert.Equal(claimed.Count, changed.Count);
        Assert.InRange(read, 1, MaxRowsRead);
    }

    [Fact]
    public async Task Probe_BurstQueueAllInFlight_ReadsOnlyTheNextVisibleRow()
    {
        var (probe, read) = await ProbeAsync(stale.InFlight, fifo: false);

        Assert.True(probe.QueueExists);
        Assert.False(probe.LooksClaimable);
        Assert.NotNull(probe.NextVisibleAt);
        Assert.InRange(read, 1, MaxRowsRead);
    }

    [Fact]
    public async Task Probe_FifoBurstQueue_StopsAtTheFirstGroupWithAVisibleHead()
    {
        var (probe, read) = await ProbeAsync(stale.Fifo, fifo: true);

        Assert.True(probe.LooksClaimable);
        Assert.InRange(read, 1, MaxRowsRead);
    }

    [Fact]
    public async Task FifoClaim_BurstQueue_ReadsEachGroupsHeadAndTheClaimedRows()
    {
        var (claimed, read) = await MeasureAsync(tx => tx.Messages.ClaimFifoAsync(stale.Fifo, tx.Now, 10, tx.Now.AddMinutes(5), tx.Position));

        Assert.Equal(10, claimed.Messages.Count);
        Assert.InRange(read, 1, MaxRowsRead);
    }

    [Fact]
    public async Task FifoAttemptRepeated_BurstQueue_ReadsOnlyTheAttemptsRows()
    {
        var attempt = Guid.NewGuid().ToByteArray();
        await MeasureAsync(async tx =>
        {
            var first = await tx.Messages.ClaimFifoAsync(stale.Fifo, tx.Now, 10, tx.Now.AddMinutes(5), tx.Position);
            await tx.Messages.RememberAttemptAsync(stale.Fifo, attempt, first.Messages, tx.Position, tx.Now.AddMinutes(5), tx.Now);
            return first;
        });

        var (repeated, read) = await MeasureAsync(tx => tx.Messages.RepeatAttemptAsync(stale.Fifo, attempt, tx.Now, tx.Now.AddMinutes(5)));

        Assert.Equal(10, repeated!.Messages.Count);
        Assert.InRange(read, 1, MaxRowsRead);
    }

    [Fact]
    public async Task MoveLock_BurstQueue_ReadsOnlyTheLockedRows()
    {
        var (locked, read) = await MeasureAsync(tx => tx.Messages.LockOldestAsync(stale.Visible, tx.Now, 10));

        Assert.Equal(10, locked.Messages.Count);
        Assert.InRange(read, 1, MaxRowsRead);
    }

    [Fact]
    public async Task MoveLockFifo_BurstQueue_ReadsEachGroupsHeadAndTheLockedRows()
    {
        var (locked, read) = await MeasureAsync(tx => tx.Messages.LockFifoLeadersAsync(stale.Fifo, tx.Now, 10));

        Assert.Equal(10, locked.Messages.Count);
        Assert.InRange(read, 1, MaxRowsRead);
    }

    [Fact]
    public async Task MoveRemove_BurstQueue_ReadsOnlyTheMovedRows()
    {
        var claimed = await ClaimAsync(stale.Visible);

        var (removed, read) = await MeasureAsync(tx => tx.Messages.RemoveAsync(stale.Visible, claimed.Select(m => m.Key).ToList()));

        Assert.Equal(claimed.Count, removed);
        Assert.InRange(read, 1, MaxRowsRead);
    }

    [Fact]
    public async Task Count_BurstQueueAllVisible_ReadsOnlyTheRowsNotVisible()
    {
        await using var connection = await stale.Harness.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();

        // A prepared statement is planned for its values five times, then may keep a generic plan.
        for (var call = 0; call < 8; call++)
        {
            var before = await RowsReadAsync(connection);
            var counts = await new QueueStore(connection).CountAsync(stale.Visible, DateTimeOffset.UtcNow);

            // Other tests of this class claim and delete a few tens of the burst.
            Assert.InRange(counts.Visible, StaleStatistics.Burst - MaxRowsRead, StaleStatistics.Burst);
            Assert.InRange(await RowsReadAsync(connection) - before, 0, MaxRowsRead);
        }
    }

    /// <summary>A long poll's probe of <paramref name="queueId"/>, and the rows and index entries it read.</summary>
    private async Task<(QueueProbe Probe, long Read)> ProbeAsync(long queueId, bool fifo)
    {
        await using var connection = await stale.Harness.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var before = await RowsReadAsync(connection);
        var probe = await QueueReader.ProbeAsync(connection, queueId, DateTimeOffset.UtcNow, fifo, CancellationToken.None);
        return (probe, await RowsReadAsync(connection) - before);
    }

    /// <summary>Runs one statement of the writer's batches on <paramref name="connection"/>; returns how many rows it answered.</summary>
    private static async Task<int> ReadAllAsync(NpgsqlConnection connection, NpgsqlBatchCommand statement)
    {
        await using var batch = new NpgsqlBatch(connection) { BatchCommands = { statement } };
        await using var reader = await batch.ExecuteReaderAsync();
        var rows = 0;
        while (await reader.ReadAsync())
        {
            rows++;
        }

        return rows;
    }

    private static Receipt Receipt(ClaimedMessage message) => new(message.Key, message.ReceiptNonce);

    private async Task<IReadOnlyList<ClaimedMessage>> ClaimAsync(long queueId)
    {
        var (claimed, _) = await MeasureAsync(tx => tx.Messages.ClaimAsync(queueId, tx.Now, 10, tx.Now.AddMinutes(5), tx.Position));
        Assert.Equal(10, claimed.Messages.Count);
        return claimed.Messages;
    }

    /// <summary>Runs <paramref name="work"/> in a writer transaction; returns its result and the rows it read.</summary>
    private async Task<(T Result, long RowsRead)> MeasureAsync<T>(Func<LogTransaction, Task<T>> work)
    {
        var outcome = await Writer.ExecuteAsync(LogHarness.Envelope(), async tx =>
        {
            var before = await RowsReadAsync(tx.Connection);
            var result = await work(tx);
            return new Logged<(T, long)>((result, await RowsReadAsync(tx.Connection) - before), LogHarness.Tested);
        });
        return outcome.Result;
    }

    private static Task<long> RowsReadAsync(NpgsqlConnection connection) => RowsRead.SoFarAsync(connection, "queue_messages");
}
