using SecureQueue.Log.Events;
using SecureQueue.Log.Queues;
using SecureQueue.Log.Tests.Events;

namespace SecureQueue.Log.Tests.Messages;

/// <summary>
/// A log whose planner statistics were taken while its queues were small, after which three queues each took a burst of
/// <see cref="Burst"/> messages, with autovacuum off for <c>queue_messages</c> so the statistics stay as they were. It is
/// the state after a traffic spike until autoanalyze runs, and for good on a large table, where a spike under a tenth of
/// it never triggers one: the planner believes each burst queue holds one row.
/// </summary>
public sealed class StaleStatistics : IAsyncLifetime
{
    public const int Burst = 20_000;

    public const int FifoGroups = 20;

    public LogHarness Harness { get; } = new();

    /// <summary>A standard queue whose messages are all visible.</summary>
    public long Visible { get; private set; }

    /// <summary>A standard queue whose messages are all in flight for the next hour.</summary>
    public long InFlight { get; private set; }

    /// <summary>A FIFO queue: <see cref="FifoGroups"/> groups of visible messages.</summary>
    public long Fifo { get; private set; }

    public async Task InitializeAsync()
    {
        await Harness.InitializeAsync();
        var queues = await Harness.Writer.ExecuteAsync(LogHarness.Envelope(), async tx =>
        {
            var ids = new List<long>();
            for (var i = 0; i < 5; i++)
            {
                var key = new QueueKey("000000000000", "us-east-1", $"stale-{i}");
                ids.Add((await tx.Queues.InsertAsync(key, new Dictionary<string, string>(), new Dictionary<string, string>(), tx.Now)).QueueId);
            }

            return new Logged<List<long>>(ids, LogHarness.Tested);
        });
        var (small1, small2) = (queues.Result[0], queues.Result[1]);
        (Visible, InFlight, Fifo) = (queues.Result[2], queues.Result[3], queues.Result[4]);

        var owner = Harness.Database.ConnectionString;
        await TestDatabase.ExecuteAsync(owner, "alter table queue_messages set (autovacuum_enabled = false)");
        await TestDatabase.ExecuteAsync(owner, Rows($"case when g % 2 = 0 then {small1} else {small2} end", "g", "1", "null", "now() - interval '1 minute'", "generate_series(1, 200) g"));
        await TestDatabase.ExecuteAsync(owner, "analyze queue_messages");
        await TestDatabase.ExecuteAsync(owner, Rows(Visible.ToString(), "1000 + g", "0", "null", "now() - interval '1 minute'", $"generate_series(1, {Burst}) g"));
        await TestDatabase.ExecuteAsync(owner, Rows(InFlight.ToString(), "1000 + g", "0", "null", "now() + interval '1 hour'", $"generate_series(1, {Burst}) g"));
        await TestDatabase.ExecuteAsync(owner, Rows(Fifo.ToString(), "1000 + g", "0", $"'group-' || g % {FifoGroups}", "now() - interval '1 minute'", $"generate_series(1, {Burst}) g"));
        await TestDatabase.ExecuteAsync(owner, $"""
            insert into fifo_groups (queue_id, group_id, last_sequence)
            select {Fifo}, 'group-' || g, 1000000 from generate_series(0, {FifoGroups - 1}) g
            """);
    }

    public Task DisposeAsync() => Harness.DisposeAsync();

    private static string Rows(string queueId, string position, string idx, string group, string visibleAt, string from) => $"""
        insert into queue_messages (queue_id, position, idx, message_id, event_id, key_id, sent_at, visible_at, expires_at, group_id, sequence_number)
        select {queueId}, {position}, {idx}, gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), now(), {visibleAt}, now() + interval '4 days',
               {group}, case when {group} is null then null else {position} end
        from {from}
        """;
}
