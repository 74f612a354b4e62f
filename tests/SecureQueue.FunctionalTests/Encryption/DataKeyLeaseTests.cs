using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SecureQueue.FunctionalTests.Infrastructure;
using SecureQueue.Gateway.Keys;
using SecureQueue.Log.Queues;
using static SecureQueue.FunctionalTests.Encryption.EncryptionClient;

namespace SecureQueue.FunctionalTests.Encryption;

/// <summary>
/// Sends seal under a data key leased in memory for its reuse period: no key is read per send, and a key destroyed
/// anywhere (here, or by another replica on the same database) never seals a stored message after its destruction.
/// </summary>
public sealed class DataKeyLeaseTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>, IDisposable
{
    private readonly SignedClient client = fixture.Client();

    [Fact]
    public async Task LeaseAsync_WithinReusePeriod_ReadsNoDataKey()
    {
        var (name, url) = await CreateQueueAsync(client, "lease");
        var sent = await SendAsync(client, url, "makes the key");
        var keyId = await fixture.Database.ScalarAsync<Guid>($"select key_id from queue_messages where message_id = '{sent}'");
        var queue = (await Services<QueueReader>().FindAsync(new QueueKey("000000000000", "us-east-1", name), CancellationToken.None))!;

        // Nothing can read data_keys while this lock is held; a lease that needed the table would wait for it.
        await using var connection = new NpgsqlConnection(fixture.Database.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand("lock table data_keys in access exclusive mode", connection, transaction))
        {
            await command.ExecuteNonQueryAsync();
        }

        var lease = await Services<KeyService>().LeaseAsync(queue, 300).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(keyId, lease!.Key.KeyId);
        await transaction.RollbackAsync();
    }

    [Fact]
    public async Task SendMessage_LeasedKeyDestroyedByAnotherReplica_ResealsUnderANewKey()
    {
        var (_, url) = await CreateQueueAsync(client, "lease");
        var first = await SendAsync(client, url, "first");
        var queueId = await fixture.Database.ScalarAsync<long>($"select queue_id from queue_messages where message_id = '{first}'");
        var oldKey = await fixture.Database.ScalarAsync<Guid>($"select key_id from queue_messages where message_id = '{first}'");

        // Another replica purges the queue: this gateway is never told, and its lease still names the old key.
        await PurgeElsewhereAsync(queueId);

        using var response = await client.JsonAsync("SendMessage", $$"""{"QueueUrl":"{{url}}","MessageBody":"second"}""", TestIdentity.Admin);
        Assert.Equal(200, (int)response.StatusCode);
        var second = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("MessageId").GetString();
        var newKey = await fixture.Database.ScalarAsync<Guid>($"select key_id from queue_messages where message_id = '{second}'");
        Assert.NotEqual(oldKey, newKey);
        Assert.Equal(1L, await fixture.Database.ScalarAsync<long>($"select count(*) from data_keys where key_id = '{newKey}' and destroyed_at is null"));
        Assert.Equal(1L, await fixture.Database.ScalarAsync<long>(
            $"select count(*) from events where request_id = '{Protocol.WireAssertions.RequestId(response)}'"));
        Assert.Equal("second", Assert.Single((await ReceiveAsync(client, url)).Messages).GetProperty("Body").GetString());
    }

    [Fact]
    public async Task SendMessage_WhileAnotherReplicaPurgesRepeatedly_NeverStoresUnderADestroyedKey()
    {
        var (_, url) = await CreateQueueAsync(client, "lease");
        var first = await SendAsync(client, url, "first");
        var queueId = await fixture.Database.ScalarAsync<long>($"select queue_id from queue_messages where message_id = '{first}'");

        // The first purge destroys the key this gateway leased before any send races it; the rest race the sends.
        await PurgeElsewhereAsync(queueId);
        using var stop = new CancellationTokenSource();
        var purger = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(250);
                await PurgeElsewhereAsync(queueId);
            }
        });
        var sends = await Task.WhenAll(Enumerable.Range(0, 200).Select(async i =>
        {
            using var response = await client.JsonAsync("SendMessage", $$"""{"QueueUrl":"{{url}}","MessageBody":"m{{i}}"}""", TestIdentity.Admin);
            return (int)response.StatusCode;
        }));
        await stop.CancelAsync();
        await purger;

        Assert.All(sends, status => Assert.Equal(200, status));
        Assert.True(await fixture.Database.ScalarAsync<long>($"select count(*) from data_keys where queue_id = {queueId} and destroyed_at is not null") >= 1);
        Assert.Equal(0L, await fixture.Database.ScalarAsync<long>(
            $"select count(*) from queue_messages m join data_keys k using (key_id) where m.queue_id = {queueId} and k.destroyed_at is not null"));
        Assert.Equal(201L, await fixture.Database.ScalarAsync<long>(
            $"select count(*) from events where event_type = 'MessagesSent' and (data -> 'detail' ->> 'queueId')::bigint = {queueId}"));
    }

    /// <summary>
    /// What another replica's PurgeQueue does to messages and keys: the call moves the queue to a new generation and
    /// retires its keys (QueueRemoval), then its sweeper deletes the older rows and destroys the retired keys no remaining
    /// message was sealed with (PurgeSweeper), each in a writer transaction of its own.
    /// </summary>
    private async Task PurgeElsewhereAsync(long queueId)
    {
        await ExecuteAsync($"""
            update queues set generation = generation + 1, purging = true where queue_id = {queueId};
            update data_keys set retired_at = now() where queue_id = {queueId} and retired_at is null;
            """);
        await ExecuteAsync($"""
            delete from queue_messages m using queues q
            where m.queue_id = {queueId} and q.queue_id = m.queue_id and m.generation < q.generation;
            update data_keys k set wrapped = null, destroyed_at = now()
            where k.queue_id = {queueId} and k.retired_at is not null and k.destroyed_at is null
              and not exists (select 1 from queue_messages m where m.queue_id = {queueId} and m.key_id = k.key_id);
            update queues set purging = false where queue_id = {queueId};
            """);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(fixture.Database.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand(sql, connection, transaction))
        {
            await command.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }

    private T Services<T>()
        where T : notnull => fixture.Gateway.Services.GetRequiredService<T>();

    public void Dispose() => client.Dispose();
}
