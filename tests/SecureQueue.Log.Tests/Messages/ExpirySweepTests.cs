using SecureQueue.Log.Events;
using SecureQueue.Log.Tests.Events;

namespace SecureQueue.Log.Tests.Messages;

/// <summary>
/// The retention sweep reads about what it removes, however wrong the planner's statistics are about how many messages
/// have expired: here they were taken when every message had, and now 10 of 20,010 have, stored last.
/// </summary>
public sealed class ExpirySweepTests(LogHarness harness) : IClassFixture<LogHarness>
{
    [Fact]
    public async Task Sweep_FewExpiredThoughStatisticsSayAll_ReadsOnlyTheExpired()
    {
        var owner = harness.Database.ConnectionString;
        await TestDatabase.ExecuteAsync(owner, "alter table queue_messages set (autovacuum_enabled = false)");
        await TestDatabase.ExecuteAsync(owner, Rows("now() - interval '1 day'", "generate_series(1, 200) g"));
        await TestDatabase.ExecuteAsync(owner, "analyze queue_messages");
        await TestDatabase.ExecuteAsync(owner, "delete from queue_messages");
        await TestDatabase.ExecuteAsync(owner, Rows("now() + interval '4 days'", "generate_series(1001, 21000) g"));
        await TestDatabase.ExecuteAsync(owner, Rows("now() - interval '1 minute'", "generate_series(30001, 30010) g"));

        var outcome = await harness.Writer.ExecuteAsync(LogHarness.Envelope(), async tx =>
        {
            var before = await RowsRead.SoFarAsync(tx.Connection, "queue_messages");
            var removed = await tx.Messages.DeleteExpiredAsync(tx.Now, 1000);
            return new Logged<(int, long)>((removed.Count, await RowsRead.SoFarAsync(tx.Connection, "queue_messages") - before), LogHarness.Tested);
        });

        var (removedCount, read) = outcome.Result;
        Assert.Equal(10, removedCount);
        Assert.InRange(read, 1, 500);
    }

    private static string Rows(string expiresAt, string from) => $"""
        insert into queue_messages (queue_id, position, idx, message_id, event_id, key_id, sent_at, visible_at, expires_at)
        select 1, g, 0, gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), now(), now(), {expiresAt} from {from}
        """;
}
