using System.Security.Cryptography;
using System.Text;
using SecureQueue.Log.Events;
using SecureQueue.Log.Messages;
using SecureQueue.Log.Tests.Events;

namespace SecureQueue.Log.Tests.Messages;

/// <summary>FIFO placements named in the prefetch: made for the whole batch before its calls run, in the order they run.</summary>
public sealed partial class WorkAheadTests
{
    [Fact]
    public async Task Placements_OneBatch_AreMadeTogetherBeforeTheCallsRunInTheirOrder()
    {
        var queue = await QueueWithMessagesAsync(0);

        var (first, second) = await InOneBatchAsync(
            () => Place(queue, [Message("a", "k1"), Message("a", "k2")]),
            () => Place(queue, [Message("a", "k3"), Message("b", "k4")]));

        // When the first call started, both calls' keys were already recorded; neither call's own work inserted one.
        Assert.Equal(4, first.RecordedBefore);
        Assert.Equal((0L, 0L), (first.InsertedByCall, second.InsertedByCall));
        Assert.All(first.Placed.Concat(second.Placed), p => Assert.Null(p.Original));
        var groupA = first.Placed.Select(p => p.Sequence).Append(second.Placed[0].Sequence).ToList();
        Assert.Equal(groupA.Order(), groupA);
        Assert.Equal(3, groupA.Distinct().Count());
        Assert.Equal(
            [second.Placed[1].Sequence],
            (await harness.Database.RowsAsync($"select sequence_number from fifo_deduplication where queue_id = {queue} and message_id = '{second.Messages[1].MessageId}'"))
                .Select(r => (decimal)r[0]!));
    }

    [Fact]
    public async Task Placements_SameKeyInTwoCalls_TheLaterIsADuplicateOfTheEarlier()
    {
        var queue = await QueueWithMessagesAsync(0);

        var (first, second) = await InOneBatchAsync(
            () => Place(queue, [Message("a", "same")]),
            () => Place(queue, [Message("b", "same")]));

        Assert.Null(first.Placed[0].Original);
        Assert.Equal((first.Messages[0].MessageId, first.Placed[0].Sequence), second.Placed[0].Original);
    }

    [Fact]
    public async Task Placement_KeyHeldByACommittedSend_AnswersItsOriginal()
    {
        var queue = await QueueWithMessagesAsync(0);
        var earlier = (await Place(queue, [Message("a", "held")])).Result;

        var later = (await Place(queue, [Message("b", "held")])).Result;

        Assert.Equal((earlier.Messages[0].MessageId, earlier.Placed[0].Sequence), later.Placed[0].Original);
    }

    [Fact]
    public async Task Placement_NotTakenByItsCall_IsPutBack()
    {
        var queue = await QueueWithMessagesAsync(0);
        var events = await harness.EventCountAsync();

        var outcome = await harness.Writer.ExecuteAsync<int>(LogHarness.Envelope(), _ => throw new QueueGone(), PlaceAhead(queue, [Message("a", "k")]));

        Assert.NotNull(outcome.Failure);
        Assert.Equal(events + 1, await harness.EventCountAsync());
        Assert.Equal(0, await harness.Database.ScalarAsync<long>($"select count(*) from fifo_deduplication where queue_id = {queue}"));
        Assert.Null((await Place(queue, [Message("a", "k")])).Result.Placed[0].Original);
    }

    [Fact]
    public async Task Placement_NotTakenWhileAnotherCallIsItsDuplicate_RollsTheBatchBackAndRunsTheCallsAlone()
    {
        var queue = await QueueWithMessagesAsync(0);
        var events = await harness.EventCountAsync();

        var calls = await InOneBatchAsync<Placing>(() =>
        [
            harness.Writer.ExecuteAsync<Placing>(LogHarness.Envelope(), _ => throw new QueueGone(), PlaceAhead(queue, [Message("a", "k")])),
            Place(queue, [Message("b", "k")]),
        ]);

        Assert.NotNull(calls[0].Failure);
        var second = calls[1].Result;
        Assert.Null(second.Placed[0].Original);
        Assert.Equal(
            [second.Messages[0].MessageId],
            (await harness.Database.RowsAsync($"select message_id from fifo_deduplication where queue_id = {queue}")).Select(r => (Guid)r[0]!));
        Assert.Equal(events + 3, await harness.EventCountAsync());
    }

    [Fact]
    public async Task Placement_CallAsksForAnother_RollsTheBatchBack()
    {
        var queue = await QueueWithMessagesAsync(0);

        var call = harness.Writer.ExecuteAsync(LogHarness.Envelope(), async tx =>
        {
            var placed = await tx.Messages.PlaceFifoAsync(queue, [Message("a", "asked")], tx.Now);
            return new Logged<int>(placed.Count, LogHarness.Tested);
        }, PlaceAhead(queue, [Message("a", "named")]));

        await Assert.ThrowsAsync<InvalidOperationException>(() => call);
        Assert.Equal(0, await harness.Database.ScalarAsync<long>($"select count(*) from fifo_deduplication where queue_id = {queue}"));
    }

    private static FifoMessage Message(string group, string deduplicationId) =>
        new(group, string.Empty, SHA256.HashData(Encoding.UTF8.GetBytes(deduplicationId)), Guid.NewGuid());

    private static Prefetch PlaceAhead(long queue, List<FifoMessage> messages) => new(null, null, Place: new PlacementRequest(queue, messages));

    /// <summary>A FIFO send's placement whose work first counts the queue's deduplication records, then places as it named.</summary>
    private Task<LogOutcome<Placing>> Place(long queue, List<FifoMessage> messages) =>
        harness.Writer.ExecuteAsync(LogHarness.Envelope(), async tx =>
        {
            var recorded = await ColumnAsync(tx, $"select count(*) from fifo_deduplication where queue_id = {queue}");
            var inserted = await CounterAsync(tx, "pg_stat_get_xact_tuples_inserted", "fifo_deduplication");
            var placed = await tx.Messages.PlaceFifoAsync(queue, messages, tx.Now);
            return new Logged<Placing>(
                new Placing(messages, recorded[0], placed, await CounterAsync(tx, "pg_stat_get_xact_tuples_inserted", "fifo_deduplication") - inserted), LogHarness.Tested);
        }, PlaceAhead(queue, messages));

    private sealed record Placing(
        List<FifoMessage> Messages, long RecordedBefore, IReadOnlyList<(decimal Sequence, (Guid MessageId, decimal Sequence)? Original)> Placed, long InsertedByCall);
}
