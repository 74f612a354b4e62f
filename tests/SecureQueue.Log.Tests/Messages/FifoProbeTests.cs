using SecureQueue.Log.Events;
using SecureQueue.Log.Queues;
using SecureQueue.Log.Tests.Events;

namespace SecureQueue.Log.Tests.Messages;

/// <summary>
/// A long poll's probe on a FIFO queue: a message waiting behind its group's message in flight is visible but cannot be
/// received, so the probe must not send the poll to the writer for it.
/// </summary>
public sealed class FifoProbeTests : IClassFixture<LogHarness>
{
    private readonly LogHarness harness;

    public FifoProbeTests(LogHarness harness) => this.harness = harness;

    [Fact]
    public async Task Probe_GroupHeadInFlight_FollowerIsNotClaimable()
    {
        var queue = await FifoQueueAsync();
        await AddAsync(queue, "blocked", 1, inFlight: true);
        await AddAsync(queue, "blocked", 2, inFlight: false);

        var fifo = await harness.ProbeAsync(queue, fifo: true);
        var asStandard = await harness.ProbeAsync(queue, fifo: false);

        Assert.Equal((true, false, null), (fifo.QueueExists, fifo.LooksClaimable, fifo.NextVisibleAt));
        Assert.True(asStandard.LooksClaimable);
    }

    [Fact]
    public async Task Probe_AnotherGroupsHeadVisible_Claimable()
    {
        var queue = await FifoQueueAsync();
        await AddAsync(queue, "blocked", 1, inFlight: true);
        await AddAsync(queue, "blocked", 2, inFlight: false);
        await AddAsync(queue, "open", 3, inFlight: false);

        Assert.True((await harness.ProbeAsync(queue, fifo: true)).LooksClaimable);
    }

    [Fact]
    public async Task Probe_HeadInFlightDeleted_FollowerBecomesClaimable()
    {
        var queue = await FifoQueueAsync();
        await AddAsync(queue, "blocked", 1, inFlight: true);
        await AddAsync(queue, "blocked", 2, inFlight: false);

        await TestDatabase.ExecuteAsync(harness.Database.ConnectionString, $"delete from queue_messages where queue_id = {queue} and sequence_number = 1");

        Assert.True((await harness.ProbeAsync(queue, fifo: true)).LooksClaimable);
    }

    [Fact]
    public async Task Probe_EverythingInFlight_NamesWhenTheFirstBecomesVisible()
    {
        var queue = await FifoQueueAsync();
        await AddAsync(queue, "blocked", 1, inFlight: true);

        var probe = await harness.ProbeAsync(queue, fifo: true);

        Assert.False(probe.LooksClaimable);
        Assert.NotNull(probe.NextVisibleAt);
        Assert.True(probe.NextVisibleAt > DateTimeOffset.UtcNow);
    }

    private async Task<long> FifoQueueAsync()
    {
        var created = await harness.Writer.ExecuteAsync(LogHarness.Envelope(), async tx =>
        {
            var key = new QueueKey("000000000000", "us-east-1", $"probe-{Guid.NewGuid():N}.fifo");
            return new Logged<long>((await tx.Queues.InsertAsync(key, new Dictionary<string, string>(), new Dictionary<string, string>(), tx.Now)).QueueId, LogHarness.Tested);
        });
        return created.Result;
    }

    /// <summary>A message of <paramref name="group"/> at <paramref name="sequence"/>, visible or in flight for an hour, and its group's row.</summary>
    private Task AddAsync(long queue, string group, int sequence, bool inFlight) => TestDatabase.ExecuteAsync(harness.Database.ConnectionString, $"""
        insert into queue_messages (queue_id, position, idx, message_id, event_id, key_id, sent_at, visible_at, expires_at, group_id, sequence_number, receive_count)
        values ({queue}, {sequence}, 0, gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), now(),
                {(inFlight ? "now() + interval '1 hour'" : "now() - interval '1 second'")}, now() + interval '4 days', '{group}', {sequence}, {(inFlight ? 1 : 0)});
        insert into fifo_groups (queue_id, group_id, last_sequence) values ({queue}, '{group}', {sequence})
        on conflict (queue_id, group_id) do update set last_sequence = excluded.last_sequence
        """);
}
