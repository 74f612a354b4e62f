using SecureQueue.Log.Keys;
using SecureQueue.Log.Events;
using SecureQueue.Log.Messages;
using SecureQueue.Log.Queues;
using SecureQueue.Log.Tests.Events;

namespace SecureQueue.Log.Tests.Keys;

/// <summary>Inside the writer, a destroyed data key is known as destroyed and never seals a stored message.</summary>
public sealed class DataKeyStoreTests(LogHarness harness) : IClassFixture<LogHarness>
{
    [Fact]
    public async Task IsLiveAsync_KeyDestroyedEarlierInTheBatch_IsFalse()
    {
        var (queueId, keyId) = await CreateQueueWithKeyAsync();
        var outcome = await harness.Writer.ExecuteAsync(LogHarness.Envelope(), async tx =>
        {
            var before = await tx.DataKeys.IsLiveAsync(keyId);
            var destroyed = await tx.DataKeys.DestroyUnusedAsync(queueId, tx.Now);
            return new Logged<(bool, IReadOnlyList<Guid>, bool)>((before, destroyed, await tx.DataKeys.IsLiveAsync(keyId)), LogHarness.Tested);
        });

        var (liveBefore, destroyedKeys, liveAfter) = outcome.Result;
        Assert.True(liveBefore);
        Assert.Equal([keyId], destroyedKeys);
        Assert.False(liveAfter);
    }

    [Fact]
    public async Task Insert_MessageUnderDestroyedKey_IsRefusedAndNothingIsStored()
    {
        var (queueId, keyId) = await CreateQueueWithKeyAsync();
        await harness.Writer.ExecuteAsync(LogHarness.Envelope(), async tx =>
            new Logged<IReadOnlyList<Guid>>(await tx.DataKeys.DestroyUnusedAsync(queueId, tx.Now), LogHarness.Tested));
        var messageId = Guid.NewGuid();

        var envelope = LogHarness.Envelope();

        // The insert goes out in the writer's last round trip, with the call's event and COMMIT: it must fail the transaction.
        var refused = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => harness.Writer.ExecuteAsync(envelope, tx =>
        {
            tx.Messages.Insert(queueId, tx.Position, tx.EventId, [new NewMessage(0, messageId, tx.Now, tx.Now, tx.Now.AddDays(1), keyId)]);
            return ValueTask.FromResult(new Logged<bool>(true, LogHarness.Tested));
        }));

        Assert.Contains("destroyed", refused.MessageText, StringComparison.Ordinal);
        Assert.Equal(0L, await harness.Database.ScalarAsync<long>($"select count(*) from queue_messages where message_id = '{messageId}'"));
        Assert.Equal(0L, await harness.Database.ScalarAsync<long>($"select count(*) from mt_events where correlation_id = '{envelope.RequestId}'"));
    }

    [Fact]
    public async Task InsertAsync_QueueDeleted_StoresNoKey()
    {
        var (queueId, _) = await CreateQueueWithKeyAsync();
        await harness.Writer.ExecuteAsync(LogHarness.Envelope(), async tx =>
        {
            await tx.Queues.DeleteAsync(queueId, tx.Now);
            return new Logged<bool>(true, LogHarness.Tested);
        });
        var key = new StoredDataKey(Guid.NewGuid(), queueId, "default", 1, [1, 2, 3], DateTimeOffset.UtcNow);

        var outcome = await harness.Writer.ExecuteAsync(LogHarness.Envelope(), async tx =>
            new Logged<bool>(await tx.DataKeys.InsertAsync(key), LogHarness.Tested) { Append = false });

        Assert.False(outcome.Result);
        Assert.Equal(0L, await harness.Database.ScalarAsync<long>($"select count(*) from data_keys where key_id = '{key.KeyId}'"));
    }

    private async Task<(long QueueId, Guid KeyId)> CreateQueueWithKeyAsync()
    {
        var outcome = await harness.Writer.ExecuteAsync(LogHarness.Envelope(), async tx =>
        {
            var queue = await tx.Queues.InsertAsync(new QueueKey("000000000000", "us-east-1", "k-" + Guid.NewGuid().ToString("N")[..10]), new Dictionary<string, string>(), new Dictionary<string, string>(), tx.Now);
            var key = new StoredDataKey(Guid.NewGuid(), queue.QueueId, "default", 1, [1, 2, 3], tx.Now);
            Assert.True(await tx.DataKeys.InsertAsync(key));
            return new Logged<(long, Guid)>((queue.QueueId, key.KeyId), LogHarness.Tested);
        });
        return outcome.Result;
    }
}
