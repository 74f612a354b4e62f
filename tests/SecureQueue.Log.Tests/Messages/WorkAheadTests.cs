using SecureQueue.Log.Events;
using SecureQueue.Log.Messages;
using SecureQueue.Log.Queues;
using SecureQueue.Log.Tests.Events;

namespace SecureQueue.Log.Tests.Messages;

/// <summary>
/// The claims, deletes, visibility changes and FIFO placements a batch's calls name in their prefetch are made together,
/// before any of the calls runs, and handed to each call as it asks; a claim or placement a call does not take is put
/// back before commit as if it was never made, and a delete or visibility change no call takes fails the batch.
/// </summary>
public sealed partial class WorkAheadTests(LogHarness harness) : IClassFixture<LogHarness>
{
    private static readonly TimeSpan Visibility = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Claims_OneBatch_AreMadeTogetherBeforeTheCallsRunOldestFirstInOrder()
    {
        var queue = await QueueWithMessagesAsync(5);

        var (first, second) = await InOneBatchAsync(
            () => Receive(queue, 3),
            () => Receive(queue, 4));

        // When the first call started, both calls' messages were already claimed, each under its own call's position.
        Assert.Equal(5, first.Before.Count);
        Assert.Equal(3, first.Before.Count(n => n == first.Position));
        Assert.Equal(2, first.Before.Count(n => n == second.Position));
        Assert.Equal([1000L, 1001, 1002], first.Claimed.Select(m => m.Key.Position));
        Assert.Equal([1003L, 1004], second.Claimed.Select(m => m.Key.Position));
        Assert.All(first.Claimed, m => Assert.Equal(first.Position, m.ReceiptNonce));
        Assert.All(second.Claimed, m => Assert.Equal(second.Position, m.ReceiptNonce));
        Assert.All(first.Claimed.Concat(second.Claimed), m => Assert.Equal(1, m.ReceiveCount));
        Assert.Equal((0L, 0L), (first.UpdatedByClaim, second.UpdatedByClaim));
        var stored = await harness.Database.RowsAsync($"select receipt_nonce, visible_at > now() + interval '20 seconds' from queue_messages where queue_id = {queue}");
        Assert.All(stored, row => Assert.True((bool)row[1]!));
    }

    [Fact]
    public async Task Claim_CallFailsBeforeTakingIt_IsPutBackAsItWas()
    {
        var queue = await QueueWithMessagesAsync(3);
        var before = await RowsAsync(queue);

        var failed = harness.Writer.ExecuteAsync<int>(LogHarness.Envelope(), _ => throw new QueueGone(), Claim(queue, 10));
        var outcome = await failed;

        Assert.NotNull(outcome.Failure);
        Assert.Equal(before, await RowsAsync(queue));
    }

    [Fact]
    public async Task Claim_CallAsksForAnotherVisibility_IsPutBackAndClaimedAsAsked()
    {
        var queue = await QueueWithMessagesAsync(2);

        var outcome = await harness.Writer.ExecuteAsync(LogHarness.Envelope(), async tx =>
        {
            var updated = await CounterAsync(tx, "pg_stat_get_xact_tuples_updated");
            var claimed = await tx.Messages.ClaimAsync(queue, tx.Now, 10, tx.Now.AddMinutes(5), tx.Position);
            return new Logged<(ClaimedBatch, long)>((claimed, await CounterAsync(tx, "pg_stat_get_xact_tuples_updated") - updated), LogHarness.Tested);
        }, Claim(queue, 10));

        var (claimed, updated) = outcome.Result;
        Assert.Equal(4, updated);
        Assert.Equal(2, claimed.Messages.Count);
        Assert.All(claimed.Messages, m => Assert.Equal(1, m.ReceiveCount));
        var stored = await harness.Database.RowsAsync($"select receive_count, visible_at > now() + interval '4 minutes' from queue_messages where queue_id = {queue}");
        Assert.All(stored, row => Assert.Equal((1, true), ((int)row[0]!, (bool)row[1]!)));
    }

    [Fact]
    public async Task Claim_ReceivedBefore_PutBackRestoresItsReceipt()
    {
        var queue = await QueueWithMessagesAsync(1);
        await TestDatabase.ExecuteAsync(harness.Database.ConnectionString,
            $"update queue_messages set receipt_nonce = 77, receive_count = 2, first_received_at = now() - interval '1 hour' where queue_id = {queue}");
        var before = await RowsAsync(queue);

        await harness.Writer.ExecuteAsync(LogHarness.Envelope(), _ => ValueTask.FromResult(new Logged<int>(0, LogHarness.Tested)), Claim(queue, 1));

        Assert.Equal(before, await RowsAsync(queue));
    }

    [Fact]
    public async Task Deletes_OneBatch_AreMadeTogetherBeforeTheCallsRun()
    {
        var queue = await QueueWithMessagesAsync(4);
        await TestDatabase.ExecuteAsync(harness.Database.ConnectionString, $"update queue_messages set receipt_nonce = position where queue_id = {queue}");

        var (first, second) = await InOneBatchAsync(
            () => Delete(queue, [Receipt(1000), Receipt(1001), new Receipt(new MessageKey(1002, 0), 5)]),
            () => Delete(queue, [Receipt(1003)]));

        // When the first call started, both calls' current receipts were already deleted; the stale one was not.
        Assert.Equal([1002L], first.Left);
        Assert.Equal([1000L, 1001], first.Removed);
        Assert.Equal([1003L], second.Removed);
        Assert.Equal((0L, 0L), (first.DeletedByCall, second.DeletedByCall));
        Assert.Equal(1, await harness.Database.ScalarAsync<long>($"select count(*) from queue_messages where queue_id = {queue}"));
    }

    [Fact]
    public async Task Delete_QueueDeleted_DeletesNothingAhead()
    {
        var queue = await QueueWithMessagesAsync(1);
        await TestDatabase.ExecuteAsync(harness.Database.ConnectionString, $"update queue_messages set receipt_nonce = position where queue_id = {queue}");
        await TestDatabase.ExecuteAsync(harness.Database.ConnectionString, $"update queues set deleted_at = now() where queue_id = {queue}");

        await harness.Writer.ExecuteAsync(LogHarness.Envelope(), _ => ValueTask.FromResult(new Logged<int>(0, LogHarness.Tested)), DeleteAhead(queue, [Receipt(1000)]));

        Assert.Equal(1, await harness.Database.ScalarAsync<long>($"select count(*) from queue_messages where queue_id = {queue}"));
    }

    [Fact]
    public async Task Delete_NotTakenByItsCall_RollsTheBatchBack()
    {
        var queue = await QueueWithMessagesAsync(1);
        await TestDatabase.ExecuteAsync(harness.Database.ConnectionString, $"update queue_messages set receipt_nonce = position where queue_id = {queue}");
        var events = await harness.EventCountAsync();

        var call = harness.Writer.ExecuteAsync<int>(LogHarness.Envelope(), _ => throw new QueueGone(), DeleteAhead(queue, [Receipt(1000)]));

        await Assert.ThrowsAsync<InvalidOperationException>(() => call);
        Assert.Equal(1, await harness.Database.ScalarAsync<long>($"select count(*) from queue_messages where queue_id = {queue}"));
        Assert.Equal(events, await harness.EventCountAsync());
    }

    [Fact]
    public async Task Batch_CallsWorkedAhead_RunAndAreLoggedFirstDeletesThenVisibilityChangesThenReceives()
    {
        var queue = await QueueWithMessagesAsync(2);
        await TestDatabase.ExecuteAsync(harness.Database.ConnectionString, $"update queue_messages set receipt_nonce = position where queue_id = {queue} and position = 1000");
        await TestDatabase.ExecuteAsync(harness.Database.ConnectionString, $"update queue_messages set receipt_nonce = position, visible_at = now() + interval '1 hour' where queue_id = {queue} and position = 1001");
        var order = new List<string>();
        Task<LogOutcome<int>> Call(string name, Prefetch prefetch, Func<LogTransaction, Task> work) => harness.Writer.ExecuteAsync(LogHarness.Envelope(), async tx =>
        {
            order.Add(name);
            await work(tx);
            return new Logged<int>(0, LogHarness.Tested);
        }, prefetch);

        var calls = await InOneBatchAsync<int>(() =>
        [
            Call("other", default, _ => Task.CompletedTask),
            Call("receive", Claim(queue, 1), tx => tx.Messages.ClaimAsync(queue, tx.Now, 1, tx.Now.AddSeconds(Visibility.TotalSeconds), tx.Position)),
            Call("visibility", VisibilityAhead(queue, [(Receipt(1001), 0)]), tx => tx.Messages.ChangeVisibilityAsync(queue, [new(Receipt(1001), tx.Now)])),
            Call("delete", DeleteAhead(queue, [Receipt(1000)]), tx => tx.Messages.DeleteAsync(queue, [Receipt(1000)])),
        ]);

        Assert.Equal(["delete", "visibility", "receive", "other"], order);
        Assert.True(calls[3].Sequence < calls[2].Sequence && calls[2].Sequence < calls[1].Sequence && calls[1].Sequence < calls[0].Sequence);
    }

    private static Receipt Receipt(long position) => new(new MessageKey(position, 0), position);

    private static Prefetch DeleteAhead(long queue, List<Receipt> receipts) => new(null, null, null, new DeleteRequest(queue, receipts));

    private Task<LogOutcome<Deleted>> Delete(long queue, List<Receipt> receipts) =>
        harness.Writer.ExecuteAsync(LogHarness.Envelope(), async tx =>
        {
            var left = await ColumnAsync(tx, $"select position from queue_messages where queue_id = {queue} order by position");
            var deleted = await CounterAsync(tx, "pg_stat_get_xact_tuples_deleted");
            var removed = await tx.Messages.DeleteAsync(queue, receipts);
            return new Logged<Deleted>(new Deleted(left, removed.Select(r => r.Key.Position).ToList(), await CounterAsync(tx, "pg_stat_get_xact_tuples_deleted") - deleted), LogHarness.Tested);
        }, DeleteAhead(queue, receipts));

    private static Prefetch Claim(long queue, int limit) => new(null, null, new ClaimRequest(queue, limit, Visibility));

    /// <summary>A receive whose work first reads the nonces of the queue's claimed messages, then claims.</summary>
    private Task<LogOutcome<Received>> Receive(long queue, int limit) =>
        harness.Writer.ExecuteAsync(LogHarness.Envelope(), async tx =>
        {
            var seen = await ColumnAsync(tx, $"select receipt_nonce from queue_messages where queue_id = {queue} and receipt_nonce <> 0");
            var updated = await CounterAsync(tx, "pg_stat_get_xact_tuples_updated");
            var claimed = await tx.Messages.ClaimAsync(queue, tx.Now, limit, tx.Now.AddSeconds(Visibility.TotalSeconds), tx.Position);
            return new Logged<Received>(new Received(tx.Position, seen, claimed.Messages, await CounterAsync(tx, "pg_stat_get_xact_tuples_updated") - updated), LogHarness.Tested);
        }, Claim(queue, limit));

    /// <summary>Both calls in one writer batch.</summary>
    private async Task<(T First, T Second)> InOneBatchAsync<T>(Func<Task<LogOutcome<T>>> first, Func<Task<LogOutcome<T>>> second)
    {
        var calls = await InOneBatchAsync<T>(() => [first(), second()]);
        return (calls[0].Result, calls[1].Result);
    }

    /// <summary>Calls in one writer batch, in the order <paramref name="queue"/> queues them: a call holds the writer until all are queued behind it.</summary>
    private async Task<LogOutcome<T>[]> InOneBatchAsync<T>(Func<Task<LogOutcome<T>>[]> queue)
    {
        var holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var holder = harness.Writer.ExecuteAsync(LogHarness.Envelope(), async _ =>
        {
            holding.SetResult();
            await release.Task;
            return new Logged<int>(0, LogHarness.Tested);
        });
        await holding.Task;
        var calls = queue();
        release.SetResult();
        await holder;
        return await Task.WhenAll(calls);
    }

    /// <summary>
    /// One of PostgreSQL's counters of a table's rows (queue_messages unless named) for the current transaction (inserted,
    /// updated, deleted): work handed over from the prefetch changes none.
    /// </summary>
    private static async Task<long> CounterAsync(LogTransaction tx, string function, string table = "queue_messages")
    {
        await using var command = new Npgsql.NpgsqlCommand($"select {function}('{table}'::regclass)", tx.Connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The first column of <paramref name="sql"/>'s rows, read in the call's transaction.</summary>
    private static async Task<List<long>> ColumnAsync(LogTransaction tx, string sql)
    {
        await using var command = new Npgsql.NpgsqlCommand(sql, tx.Connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<long>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetInt64(0));
        }

        return values;
    }

    private async Task<string> RowsAsync(long queue) => string.Join(
        "; ",
        (await harness.Database.RowsAsync($"select position, visible_at, receive_count, receipt_nonce, first_received_at from queue_messages where queue_id = {queue} order by position"))
            .Select(r => string.Join(", ", r)));

    private async Task<long> QueueWithMessagesAsync(int count)
    {
        var created = await harness.Writer.ExecuteAsync(LogHarness.Envelope(), async tx =>
        {
            var key = new QueueKey("000000000000", "us-east-1", $"reserved-{Guid.NewGuid():N}");
            return new Logged<long>((await tx.Queues.InsertAsync(key, new Dictionary<string, string>(), new Dictionary<string, string>(), tx.Now)).QueueId, LogHarness.Tested);
        });
        var queue = created.Result;
        await TestDatabase.ExecuteAsync(harness.Database.ConnectionString, $"""
            insert into queue_messages (queue_id, position, idx, message_id, event_id, key_id, sent_at, visible_at, expires_at)
            select {queue}, 999 + g, 0, gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), now(), now() - interval '1 minute' + g * interval '1 second', now() + interval '4 days'
            from generate_series(1, {count}) g
            """);
        return queue;
    }

    private sealed record Received(long Position, List<long> Before, IReadOnlyList<ClaimedMessage> Claimed, long UpdatedByClaim);

    private sealed record Deleted(List<long> Left, List<long> Removed, long DeletedByCall);

    private sealed class QueueGone() : CallFailedException("The queue was deleted.")
    {
        public override string ErrorCode => "QueueDoesNotExist";
    }
}
