using SecureQueue.Log.Events;
using SecureQueue.Log.Messages;
using SecureQueue.Log.Tests.Events;

namespace SecureQueue.Log.Tests.Messages;

/// <summary>Visibility changes named in the prefetch: made for the whole batch before its calls run, as if one after the other.</summary>
public sealed partial class WorkAheadTests
{
    [Fact]
    public async Task VisibilityChanges_OneBatch_AreMadeTogetherBeforeTheCallsRun()
    {
        var queue = await InFlightAsync(3);

        var (first, second) = await InOneBatchAsync(
            () => ChangeVisibility(queue, [(Receipt(1000), 0), (Receipt(1001), 600), (new Receipt(new MessageKey(1002, 0), 5), 0)]),
            () => ChangeVisibility(queue, [(Receipt(1002), 0)]));

        // When the first call started, both calls' current receipts were already changed; the stale one was not.
        Assert.Equal([1000L, 1002], first.VisibleBefore);
        Assert.Equal([1000L, 1001], first.Changed);
        Assert.Equal([1002L], second.Changed);
        Assert.Equal((0L, 0L), (first.UpdatedByCall, second.UpdatedByCall));
        Assert.Equal(
            [[1000L, 0L], [1001L, 10L], [1002L, 0L]],
            (await harness.Database.RowsAsync(
                $"select position, (extract(epoch from visible_at - now()) / 60)::bigint from queue_messages where queue_id = {queue} order by position"))
                .Select(r => new[] { (long)r[0]!, (long)r[1]! }));
    }

    [Fact]
    public async Task VisibilityChanges_SameReceiptInTwoCalls_BothChangeItAndTheLaterTimeoutHolds()
    {
        var queue = await InFlightAsync(1);

        var (first, second) = await InOneBatchAsync(
            () => ChangeVisibility(queue, [(Receipt(1000), 0)]),
            () => ChangeVisibility(queue, [(Receipt(1000), 1200)]));

        Assert.Equal([1000L], first.Changed);
        Assert.Equal([1000L], second.Changed);
        Assert.True(await harness.Database.ScalarAsync<bool>(
            $"select visible_at > now() + interval '19 minutes' from queue_messages where queue_id = {queue}"));
    }

    [Fact]
    public async Task VisibilityChange_QueueDeleted_ChangesNothingAhead()
    {
        var queue = await InFlightAsync(1);
        var before = await RowsAsync(queue);
        await TestDatabase.ExecuteAsync(harness.Database.ConnectionString, $"update queues set deleted_at = now() where queue_id = {queue}");

        await harness.Writer.ExecuteAsync(LogHarness.Envelope(), _ => ValueTask.FromResult(new Logged<int>(0, LogHarness.Tested)), VisibilityAhead(queue, [(Receipt(1000), 0)]));

        Assert.Equal(before, await RowsAsync(queue));
    }

    [Fact]
    public async Task VisibilityChange_NotTakenByItsCall_RollsTheBatchBack()
    {
        var queue = await InFlightAsync(1);
        var before = await RowsAsync(queue);
        var events = await harness.EventCountAsync();

        var call = harness.Writer.ExecuteAsync<int>(LogHarness.Envelope(), _ => throw new QueueGone(), VisibilityAhead(queue, [(Receipt(1000), 0)]));

        await Assert.ThrowsAsync<InvalidOperationException>(() => call);
        Assert.Equal(before, await RowsAsync(queue));
        Assert.Equal(events, await harness.EventCountAsync());
    }

    [Fact]
    public async Task VisibilityChange_CallAsksForAnother_RollsTheBatchBack()
    {
        var queue = await InFlightAsync(1);
        var before = await RowsAsync(queue);

        var call = harness.Writer.ExecuteAsync(LogHarness.Envelope(), async tx =>
        {
            var changed = await tx.Messages.ChangeVisibilityAsync(queue, [new(Receipt(1000), tx.Now.AddSeconds(30))]);
            return new Logged<int>(changed.Count, LogHarness.Tested);
        }, VisibilityAhead(queue, [(Receipt(1000), 0)]));

        await Assert.ThrowsAsync<InvalidOperationException>(() => call);
        Assert.Equal(before, await RowsAsync(queue));
    }

    private static Prefetch VisibilityAhead(long queue, List<(Receipt, int)> changes) => new(null, null, Visibility: new VisibilityRequest(queue, changes));

    /// <summary>A visibility change whose work first reads which of the queue's messages are visible, then changes as it named.</summary>
    private Task<LogOutcome<VisibilityChanged>> ChangeVisibility(long queue, List<(Receipt Receipt, int Seconds)> changes) =>
        harness.Writer.ExecuteAsync(LogHarness.Envelope(), async tx =>
        {
            var visible = await ColumnAsync(tx, $"select position from queue_messages where queue_id = {queue} and visible_at <= now() order by position");
            var updated = await CounterAsync(tx, "pg_stat_get_xact_tuples_updated");
            var changed = await tx.Messages.ChangeVisibilityAsync(queue, changes.Select(c => new VisibilityChange(c.Receipt, tx.Now.AddSeconds(c.Seconds))).ToList());
            return new Logged<VisibilityChanged>(
                new VisibilityChanged(visible, changed.Select(k => k.Position).Order().ToList(), await CounterAsync(tx, "pg_stat_get_xact_tuples_updated") - updated), LogHarness.Tested);
        }, VisibilityAhead(queue, changes));

    /// <summary>A queue of <paramref name="count"/> messages at positions 1000 on, each in flight for an hour under a receipt whose nonce is its position.</summary>
    private async Task<long> InFlightAsync(int count)
    {
        var queue = await QueueWithMessagesAsync(count);
        await TestDatabase.ExecuteAsync(harness.Database.ConnectionString,
            $"update queue_messages set receipt_nonce = position, receive_count = 1, visible_at = now() + interval '1 hour' where queue_id = {queue}");
        return queue;
    }

    private sealed record VisibilityChanged(List<long> VisibleBefore, List<long> Changed, long UpdatedByCall);
}
