using SecureQueue.Log.Events;
using SecureQueue.Log.Messages;
using SecureQueue.Log.Tests.Events;

namespace SecureQueue.Log.Tests.Messages;

/// <summary>FIFO deletes named in the prefetch: made for the whole batch before its calls run, expired receipts judged by the same statement.</summary>
public sealed partial class WorkAheadTests
{
    [Fact]
    public async Task FifoDeletes_OneBatch_DeleteCurrentReceiptsAndReportExpiredOnesBeforeTheCallsRun()
    {
        var queue = await InFlightAsync(4);
        await TestDatabase.ExecuteAsync(harness.Database.ConnectionString, $"update queue_messages set visible_at = now() - interval '1 second' where queue_id = {queue} and position = 1002");
        var gone = Receipt(2000);
        var stale = new Receipt(new MessageKey(1001, 0), 5);

        var (first, second) = await InOneBatchAsync(
            () => DeleteUnexpired(queue, [Receipt(1000), stale, gone]),
            () => DeleteUnexpired(queue, [Receipt(1002), Receipt(1003)]));

        // When the first call started, both calls' deletes were already made; neither call's own work deleted a row.
        Assert.Equal([1001L, 1002], first.Left);
        Assert.Equal((0L, 0L), (first.DeletedByCall, second.DeletedByCall));
        Assert.Equal([1000L], first.Deleted.Removed.Select(r => r.Key.Position));
        Assert.Equal([stale], first.Deleted.Expired);
        Assert.Equal([1003L], second.Deleted.Removed.Select(r => r.Key.Position));
        Assert.Equal([Receipt(1002)], second.Deleted.Expired);
    }

    [Fact]
    public async Task FifoDeletes_SameReceiptInTwoCalls_BothSucceedAsOneAfterTheOther()
    {
        var queue = await InFlightAsync(1);

        var (first, second) = await InOneBatchAsync(
            () => DeleteUnexpired(queue, [Receipt(1000)]),
            () => DeleteUnexpired(queue, [Receipt(1000)]));

        Assert.Empty(first.Deleted.Expired.Concat(second.Deleted.Expired));
        Assert.Single(first.Deleted.Removed.Concat(second.Deleted.Removed));
        Assert.Empty(first.Left);
    }

    [Fact]
    public async Task FifoDelete_CurrentAndStaleReceiptOfOneMessage_DeletesWithTheCurrentAndRefusesTheStale()
    {
        var queue = await InFlightAsync(1);
        var stale = new Receipt(new MessageKey(1000, 0), 7);

        var outcome = (await DeleteUnexpired(queue, [stale, Receipt(1000)])).Result;

        Assert.Equal([1000L], outcome.Deleted.Removed.Select(r => r.Key.Position));
        Assert.Equal([stale], outcome.Deleted.Expired);
    }

    private static Prefetch FifoDeleteAhead(long queue, List<Receipt> receipts) => new(null, null, null, new DeleteRequest(queue, receipts, RefuseExpired: true));

    /// <summary>A FIFO delete whose work first reads the positions left in the queue, then deletes as it named.</summary>
    private Task<LogOutcome<FifoDeleted>> DeleteUnexpired(long queue, List<Receipt> receipts) =>
        harness.Writer.ExecuteAsync(LogHarness.Envelope(), async tx =>
        {
            var left = await ColumnAsync(tx, $"select position from queue_messages where queue_id = {queue} order by position");
            var deleted = await CounterAsync(tx, "pg_stat_get_xact_tuples_deleted");
            var outcome = await tx.Messages.DeleteUnexpiredAsync(queue, receipts, tx.Now);
            return new Logged<FifoDeleted>(new FifoDeleted(left, outcome, await CounterAsync(tx, "pg_stat_get_xact_tuples_deleted") - deleted), LogHarness.Tested);
        }, FifoDeleteAhead(queue, receipts));

    private sealed record FifoDeleted(List<long> Left, MessagesDeleted Deleted, long DeletedByCall);
}
