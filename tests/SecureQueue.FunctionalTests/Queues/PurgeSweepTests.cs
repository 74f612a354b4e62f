using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SecureQueue.FunctionalTests.Durability;
using SecureQueue.FunctionalTests.Infrastructure;
using SecureQueue.Gateway.Hosting;
using SecureQueue.Log.Messages;

namespace SecureQueue.FunctionalTests.Queues;

/// <summary>
/// PurgeQueue and DeleteQueue remove a queue's messages a batch per writer transaction (118_batched_purge.sql): other
/// calls go on while a deep queue is purged, what is sent meanwhile stays, the queue's old data keys are destroyed at the
/// end, and a sweep cut short by a stop is finished by the next gateway's start.
/// </summary>
public sealed class PurgeSweepTests : IAsyncLifetime
{
    private const int DeepRows = 200_000;
    private readonly GatewayWorkspace workspace = new();
    private GatewayInstance gateway = null!;

    public async Task InitializeAsync()
    {
        await workspace.InitializeAsync();
        gateway = await GatewayInstance.StartAsync(workspace.Files, workspace.Database.GatewayConnectionString);
    }

    public async Task DisposeAsync()
    {
        await gateway.DisposeAsync();
        await workspace.DisposeAsync();
    }

    [Fact]
    public async Task PurgeQueue_DeepQueue_OtherCallsAnswerWhileItIsSweptAndWhatTheySendStays()
    {
        using var client = new SignedClient(gateway.Endpoint, workspace.Files.CaFile);
        var url = await CreateQueueAsync(client, "deep");
        var (queueId, oldKey) = await SendAsync(client, url, "before");
        await AddRowsAsync(queueId, oldKey, DeepRows);

        var purge = client.JsonAsync("PurgeQueue", $$"""{"QueueUrl":"{{url}}"}""", TestIdentity.Admin);
        await WaitForAsync(async () => await workspace.Database.ScalarAsync<long>("select count(*) from events where event_type = 'QueuePurged'") == 1);
        var (_, newKey) = await SendAsync(client, url, "during");

        // The purge's call waits for its sweep; the send, made after the purge's event committed, did not wait for it.
        Assert.False(purge.IsCompleted, "the purge was swept before a send could be answered");
        using (var purged = await purge)
        {
            Assert.Equal(200, (int)purged.StatusCode);
        }

        Assert.NotEqual(oldKey, newKey);
        Assert.Equal("during", Assert.Single((await ReceiveAsync(client, url)).EnumerateArray()).GetProperty("Body").GetString());
        Assert.Equal(1L, await workspace.Database.ScalarAsync<long>($"select count(*) from queue_messages where queue_id = {queueId}"));
        var batches = await workspace.Database.RowsAsync(
            $"select (data -> 'detail' ->> 'purged')::integer from events where event_type = 'MessagesPurged' and (data -> 'detail' ->> 'queueId')::bigint = {queueId}");
        Assert.True(batches.Count >= DeepRows / 1000, $"{batches.Count} batches");
        Assert.Equal(DeepRows + 1, batches.Sum(b => (int)b[0]!));
        Assert.Equal(1L, await workspace.Database.ScalarAsync<long>($"select count(*) from data_keys where key_id = '{oldKey}' and wrapped is null"));
        Assert.Equal(1L, await workspace.Database.ScalarAsync<long>($"select count(*) from data_keys where key_id = '{newKey}' and wrapped is not null"));
        Assert.False(await workspace.Database.ScalarAsync<bool>($"select purging from queues where queue_id = {queueId}"));
    }

    [Fact]
    public async Task DeleteQueue_InFlightAndDelayedMessages_AllRemovedAndKeysDestroyed()
    {
        using var client = new SignedClient(gateway.Endpoint, workspace.Files.CaFile);
        var url = await CreateQueueAsync(client, "gone");
        var (queueId, key) = await SendAsync(client, url, "in flight");
        Assert.Single((await ReceiveAsync(client, url)).EnumerateArray());
        using (var delayed = await client.JsonAsync("SendMessage", $$"""{"QueueUrl":"{{url}}","MessageBody":"delayed","DelaySeconds":900}""", TestIdentity.Admin))
        {
            Assert.Equal(200, (int)delayed.StatusCode);
        }

        using var deleted = await client.JsonAsync("DeleteQueue", $$"""{"QueueUrl":"{{url}}"}""", TestIdentity.Admin);

        Assert.Equal(200, (int)deleted.StatusCode);
        Assert.Equal(0L, await workspace.Database.ScalarAsync<long>($"select count(*) from queue_messages where queue_id = {queueId}"));
        Assert.Equal(1L, await workspace.Database.ScalarAsync<long>($"select count(*) from data_keys where key_id = '{key}' and wrapped is null"));
        Assert.Equal(2L, await workspace.Database.ScalarAsync<long>(
            $"select sum((data -> 'detail' ->> 'purged')::integer) from events where event_type = 'MessagesPurged' and (data -> 'detail' ->> 'queueId')::bigint = {queueId}"));
    }

    [Fact]
    public async Task PurgeSweep_LeftUnfinishedByAStoppedGateway_IsFinishedByTheNextStart()
    {
        using (var client = new SignedClient(gateway.Endpoint, workspace.Files.CaFile))
        {
            var url = await CreateQueueAsync(client, "resumed");
            var (queueId, key) = await SendAsync(client, url, "purged");
            await gateway.DisposeAsync();

            // What a purge's committed call leaves when its gateway stops before the sweep: a new generation, the mark, retired keys.
            await LeavePurgeUnsweptAsync(queueId);
            gateway = await GatewayInstance.StartAsync(workspace.Files, workspace.Database.GatewayConnectionString);

            await WaitForAsync(async () => !await workspace.Database.ScalarAsync<bool>($"select purging from queues where queue_id = {queueId}"));
            Assert.Equal(0L, await workspace.Database.ScalarAsync<long>($"select count(*) from queue_messages where queue_id = {queueId}"));
            Assert.Equal(1L, await workspace.Database.ScalarAsync<long>($"select count(*) from data_keys where key_id = '{key}' and wrapped is null"));
            Assert.Equal(1L, await workspace.Database.ScalarAsync<long>(
                $"select sum((data -> 'detail' ->> 'purged')::integer) from events where event_type = 'MessagesPurged' and (data -> 'detail' ->> 'queueId')::bigint = {queueId}"));
            Assert.Equal(1L, await workspace.Database.ScalarAsync<long>(
                $"select count(*) from events where event_type = 'MessagesPurged' and data -> 'detail' -> 'dataKeysDestroyed' ? '{key}'"));
        }
    }

    [Fact]
    public async Task MoveTask_SourceBeingPurged_CarriesNoPurgedMessage_OnlyWhatWasSentSince()
    {
        using var client = new SignedClient(gateway.Endpoint, workspace.Files.CaFile);
        const string Prefix = "purging";
        await MoveTaskCalls.FillDeadLetterQueueAsync(client, Prefix, 5);
        var queueId = await QueueIdAsync($"{Prefix}-dlq");
        var generation = await LeavePurgeUnsweptAsync(queueId);
        await MoveTaskCalls.CallAsync(client, "SendMessage", new { QueueUrl = $"{Prefix}-dlq", MessageBody = "sent since" });
        await MoveTaskCalls.StartAsync(client, Prefix, rate: 100);

        // The runner takes a task as soon as it is started and moves a batch at once: five messages would be gone by now.
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(0L, await MoveTaskCalls.MovedAsync(workspace, Prefix));
        await MoveTaskCalls.WaitStatusAsync(client, Prefix, "RUNNING");

        Assert.True(await SweepAsync(queueId, generation));
        await MoveTaskCalls.WaitStatusAsync(client, Prefix, "COMPLETED");
        Assert.Equal(["sent since"], await MoveTaskCalls.DrainAsync(client, $"{Prefix}-dest"));
    }

    [Fact]
    public async Task MoveTask_PurgeOfTheSourceCommittingMeanwhile_IsWaitedForAndNothingIsCarried()
    {
        using var client = new SignedClient(gateway.Endpoint, workspace.Files.CaFile);
        const string Prefix = "purge-race";
        await MoveTaskCalls.FillDeadLetterQueueAsync(client, Prefix, 5);
        var queueId = await QueueIdAsync($"{Prefix}-dlq");

        // Another replica's purge of the source, begun and not committed yet: it holds the queue's row.
        await using var purge = new NpgsqlConnection(workspace.Database.ConnectionString);
        await purge.OpenAsync();
        await using var transaction = await purge.BeginTransactionAsync();
        int generation;
        await using (var begin = new NpgsqlCommand(NextGenerationSql(queueId), purge, transaction))
        {
            generation = (int)(await begin.ExecuteScalarAsync())!;
        }

        await MoveTaskCalls.StartAsync(client, Prefix, rate: 100);

        // The runner takes a task as soon as it is started and moves a batch at once: read before the purge commits, the
        // queue would not be purging yet and the five messages would be gone by now.
        await Task.Delay(TimeSpan.FromSeconds(3));
        await using (var retire = new NpgsqlCommand(RetireKeysSql(queueId), purge, transaction))
        {
            await retire.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
        await MoveTaskCalls.WaitStatusAsync(client, Prefix, "RUNNING");
        Assert.Equal(0L, await MoveTaskCalls.MovedAsync(workspace, Prefix));

        Assert.True(await SweepAsync(queueId, generation));
        await MoveTaskCalls.WaitStatusAsync(client, Prefix, "COMPLETED");
        Assert.Empty(await MoveTaskCalls.DrainAsync(client, $"{Prefix}-dest"));
    }

    [Fact]
    public async Task ReceiveOverMaxReceiveCount_SourceBeingPurged_MovesOnlyWhatWasSentSinceToTheDeadLetterQueue()
    {
        using var client = new SignedClient(gateway.Endpoint, workspace.Files.CaFile);
        const string Prefix = "redrive-purging";
        await MoveTaskCalls.FillDeadLetterQueueAsync(client, Prefix, 0);
        var source = $"{Prefix}-src";
        var purgedId = (await MoveTaskCalls.CallAsync(client, "SendMessage", new { QueueUrl = source, MessageBody = "purged" })).GetProperty("MessageId").GetString();
        Assert.Single((await ReceiveAgainAsync(client, source)).EnumerateArray());

        var queueId = await QueueIdAsync(source);
        var generation = await LeavePurgeUnsweptAsync(queueId);
        await MoveTaskCalls.CallAsync(client, "SendMessage", new { QueueUrl = source, MessageBody = "sent since" });

        // The first receive finds the purged message over maxReceiveCount (1); the second finds the one sent since.
        Assert.Equal("sent since", Assert.Single((await ReceiveAgainAsync(client, source)).EnumerateArray()).GetProperty("Body").GetString());
        Assert.Equal(0, (await ReceiveAgainAsync(client, source)).GetArrayLength());

        Assert.Equal(["sent since"], await MoveTaskCalls.DrainAsync(client, $"{Prefix}-dlq"));
        Assert.True(await workspace.Database.ScalarAsync<long>(
            $"select count(*) from events where event_type = 'MessagesMovedToDeadLetterQueue' and data -> 'detail' -> 'purged' ? '{purgedId}'") >= 1);
        Assert.True(await SweepAsync(queueId, generation));
        Assert.Equal(0L, await workspace.Database.ScalarAsync<long>($"select count(*) from queue_messages where queue_id = {queueId}"));
    }

    private static async Task<JsonElement> ReceiveAgainAsync(SignedClient client, string queue)
    {
        var result = await MoveTaskCalls.CallAsync(client, "ReceiveMessage", new { QueueUrl = queue, MaxNumberOfMessages = 10, VisibilityTimeout = 0 });
        return result.TryGetProperty("Messages", out var messages) ? messages : JsonDocument.Parse("[]").RootElement;
    }

    // What a purge's call commits (QueueRemoval): the queue's next generation with the mark, and its data keys retired.
    private static string NextGenerationSql(long queueId) =>
        $"update queues set generation = generation + 1, purging = true where queue_id = {queueId} returning generation";

    private static string RetireKeysSql(long queueId) => $"update data_keys set retired_at = now() where queue_id = {queueId}";

    /// <summary>What a purge's committed call leaves until its sweep reaches the rows; returns the generation it began.</summary>
    private async Task<int> LeavePurgeUnsweptAsync(long queueId)
    {
        var generation = await workspace.Database.ScalarAsync<int>(NextGenerationSql(queueId));
        await TestDatabase.ExecuteAsync(workspace.Database.ConnectionString, RetireKeysSql(queueId));
        return generation;
    }

    private Task<bool> SweepAsync(long queueId, int generation) =>
        gateway.Services.GetRequiredService<PurgeSweeper>().SweepAsync(new PurgeSweep(queueId, generation, generation), TimeSpan.FromSeconds(20));

    private Task<long> QueueIdAsync(string name) => workspace.Database.ScalarAsync<long>($"select queue_id from queues where name = '{name}'");

    private static async Task<string> CreateQueueAsync(SignedClient client, string name)
    {
        using var created = await client.JsonAsync("CreateQueue", $$"""{"QueueName":"{{name}}"}""", TestIdentity.Admin);
        return JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("QueueUrl").GetString()!;
    }

    private async Task<(long QueueId, Guid KeyId)> SendAsync(SignedClient client, string url, string body)
    {
        using var sent = await client.JsonAsync("SendMessage", JsonSerializer.Serialize(new { QueueUrl = url, MessageBody = body }), TestIdentity.Admin);
        var text = await sent.Content.ReadAsStringAsync();
        Assert.True(sent.IsSuccessStatusCode, text);
        var id = JsonDocument.Parse(text).RootElement.GetProperty("MessageId").GetString();
        var row = Assert.Single(await workspace.Database.RowsAsync($"select queue_id, key_id from queue_messages where message_id = '{id}'"));
        return ((long)row[0]!, (Guid)row[1]!);
    }

    private static async Task<JsonElement> ReceiveAsync(SignedClient client, string url)
    {
        using var received = await client.JsonAsync("ReceiveMessage", $$"""{"QueueUrl":"{{url}}","MaxNumberOfMessages":10}""", TestIdentity.Admin);
        var root = JsonDocument.Parse(await received.Content.ReadAsStringAsync()).RootElement;
        return root.TryGetProperty("Messages", out var messages) ? messages : JsonDocument.Parse("[]").RootElement;
    }

    /// <summary>Rows of a backlog, under the queue's key, as the owner writes them: the sweep reads only the projection.</summary>
    private Task AddRowsAsync(long queueId, Guid keyId, int count) => TestDatabase.ExecuteAsync(workspace.Database.ConnectionString, $"""
        insert into queue_messages (queue_id, position, idx, message_id, event_id, key_id, sent_at, visible_at, expires_at)
        select {queueId}, -g, 0, gen_random_uuid(), gen_random_uuid(), '{keyId}', now(), now(), now() + interval '1 day' from generate_series(1, {count}) g
        """);

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(10);
        }
    }
}
