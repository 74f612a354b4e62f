using Microsoft.Extensions.Logging.Abstractions;
using SecureQueue.Log.Events;
using SecureQueue.Log.Queues;
using SecureQueue.Log.Tests.Events;

namespace SecureQueue.Log.Tests.Queues;

/// <summary>
/// The maintained message counts (116_message_counts.sql) against a count of every row: after random inserts, deletes,
/// visibility changes and folds over three queues, each queue's counts and the totals, read on the gateway's role, are
/// what counting every row gives.
/// </summary>
public sealed class MessageCountTests : IAsyncLifetime
{
    private const string BruteForce = """
        select count(*) filter (where visible_at <= $2),
               count(*) filter (where visible_at > $2 and receive_count > 0),
               count(*) filter (where visible_at > $2 and receive_count = 0)
        from queue_messages where (queue_id = $1 or $1 = 0) and expires_at > $2
        """;

    private readonly LogHarness harness = new();
    private readonly List<(QueueKey Key, long Id)> queues = [];
    private long nextPosition = 1;

    public async Task InitializeAsync()
    {
        await harness.InitializeAsync();
        var created = await harness.Writer.ExecuteAsync(LogHarness.Envelope(), async tx =>
        {
            var made = new List<(QueueKey, long)>();
            for (var i = 0; i < 3; i++)
            {
                var key = new QueueKey("000000000000", "us-east-1", $"counted-{i}");
                made.Add((key, (await tx.Queues.InsertAsync(key, new Dictionary<string, string>(), new Dictionary<string, string>(), tx.Now)).QueueId));
            }

            return new Logged<List<(QueueKey, long)>>(made, LogHarness.Tested);
        });
        queues.AddRange(created.Result);
    }

    public Task DisposeAsync() => harness.DisposeAsync();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task RandomChanges_CountsMatchCountingEveryRow(int seed)
    {
        var random = new Random(seed);
        var now = DateTimeOffset.UtcNow;
        var folder = new MessageCountFolder(harness.DataSource, NullLogger<MessageCountFolder>.Instance);
        var folded = 0L;
        for (var step = 0; step < 60; step++)
        {
            var queue = queues[random.Next(queues.Count)].Id;
            switch (random.Next(6))
            {
                case 0 or 1:
                    await InsertAsync(random.Next(2) == 0 ? [queue] : queues.Select(q => q.Id).ToArray(), random.Next(1, 40), random.Next(4), random.Next(3));
                    break;
                case 2:
                    await OwnerAsync($"delete from queue_messages where queue_id = {queue} and position % {random.Next(2, 5)} = 0");
                    break;
                case 3:
                    await OwnerAsync($"delete from queue_messages where position % {random.Next(3, 7)} = 1");
                    break;
                case 4:
                    // What receives, visibility changes and returns do: the row stays, its state moves.
                    await OwnerAsync($"""
                        update queue_messages set visible_at = visible_at + interval '{random.Next(-90, 90)} minutes', receive_count = receive_count + 1
                        where queue_id = {queue} and position % 3 = {random.Next(3)}
                        """);
                    break;
                default:
                    folded += await folder.FoldAsync(CancellationToken.None);
                    break;
            }

            await AssertCountsAsync(now);
        }

        Assert.True(folded > 0, "no fold took any row: the folder went untested");
        await folder.FoldAsync(CancellationToken.None);
        Assert.True(
            await harness.Database.ScalarAsync<long>("select count(*) from queue_message_counts") <= queues.Count,
            "a fold left a queue with more than one count row");
        await AssertCountsAsync(now);
    }

    [Fact]
    public async Task TwoReplicasFoldWhileMessagesComeAndGo_CountsMatchCountingEveryRow()
    {
        using var stop = new CancellationTokenSource();
        var folding = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            var folder = new MessageCountFolder(harness.DataSource, NullLogger<MessageCountFolder>.Instance);
            var folded = 0L;
            while (!stop.IsCancellationRequested)
            {
                folded += await folder.FoldAsync(CancellationToken.None);
            }

            return folded;
        })).ToList();

        for (var i = 0; i < 60; i++)
        {
            await InsertAsync(queues.Select(q => q.Id).ToArray(), 5, visibility: i % 4, expiry: i % 3);
            if (i % 4 == 3)
            {
                await OwnerAsync($"delete from queue_messages where position % 5 = {i % 5}");
            }
        }

        await stop.CancelAsync();
        Assert.True((await Task.WhenAll(folding)).Sum() > 0, "no fold took any row: the folders went untested");
        await AssertCountsAsync(DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task Truncate_CountsAreZero()
    {
        await InsertAsync(queues.Select(q => q.Id).ToArray(), 25, visibility: 0, expiry: 0);

        await OwnerAsync("truncate queue_messages");

        await AssertCountsAsync(DateTimeOffset.UtcNow);
        Assert.Equal(0L, await harness.Database.ScalarAsync<long>("select count(*) from queue_message_counts"));
    }

    [Fact]
    public async Task Fold_EveryQueueEmptied_LeavesNoRow()
    {
        await InsertAsync(queues.Select(q => q.Id).ToArray(), 10, visibility: 0, expiry: 0);
        await OwnerAsync("delete from queue_messages");

        var folded = await new MessageCountFolder(harness.DataSource, NullLogger<MessageCountFolder>.Instance).FoldAsync(CancellationToken.None);

        Assert.Equal(2L * queues.Count, folded);
        Assert.Equal(0L, await harness.Database.ScalarAsync<long>("select count(*) from queue_message_counts"));
    }

    /// <summary>
    /// One statement inserting <paramref name="count"/> messages into each of <paramref name="into"/>. Visibility: 0 visible,
    /// 1 delayed, 2 in flight, 3 a mix; expiry: 0 live, 1 expired (not swept yet), 2 a mix.
    /// </summary>
    private async Task InsertAsync(long[] into, int count, int visibility, int expiry)
    {
        var first = nextPosition;
        nextPosition += count;
        var visibleAt = visibility switch
        {
            0 => "now() - interval '1 minute'",
            1 or 2 => "now() + interval '1 hour'",
            _ => "now() + (g % 3 - 1) * interval '1 hour'",
        };
        var receiveCount = visibility switch { 2 => "1", 3 => "g % 2", _ => "0" };
        var expiresAt = expiry switch
        {
            0 => "now() + interval '4 days'",
            1 => "now() - interval '1 minute'",
            _ => "now() + (g % 2 * 2 - 1) * interval '1 day'",
        };
        await OwnerAsync($"""
            insert into queue_messages (queue_id, position, idx, message_id, event_id, key_id, sent_at, visible_at, expires_at, receive_count)
            select q, g, 0, gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), now(), {visibleAt}, {expiresAt}, {receiveCount}
            from unnest(array[{string.Join(", ", into)}]::bigint[]) q, generate_series({first}, {first + count - 1}) g
            """);
    }

    private async Task AssertCountsAsync(DateTimeOffset now)
    {
        var reader = new QueueReader(harness.DataSource);
        foreach (var (key, id) in queues)
        {
            var found = await reader.FindWithCountsAsync(key, now, CancellationToken.None);
            Assert.Equal(await CountEveryRowAsync(id, now), found!.Value.Counts);
        }

        Assert.Equal(await CountEveryRowAsync(0, now), await reader.TotalsAsync(now, CancellationToken.None));
    }

    private async Task<QueueCounts> CountEveryRowAsync(long queueId, DateTimeOffset now)
    {
        await using var connection = await harness.DataSource.OpenConnectionAsync();
        await using var command = connection.Command(BruteForce, queueId, now);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new QueueCounts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    private Task OwnerAsync(string sql) => TestDatabase.ExecuteAsync(harness.Database.ConnectionString, sql);
}
