using System.Text.Json;
using SecureQueue.FunctionalTests.Infrastructure;

namespace SecureQueue.FunctionalTests.Durability;

/// <summary>
/// Message move tasks are state in the log: a task survives its gateway being killed mid-task (a restarted gateway takes
/// it over and finishes it, nothing lost, nothing moved twice), and with two replicas on one database exactly one runs it.
/// </summary>
public sealed class MoveTaskDurabilityTests : IAsyncLifetime
{
    private const string Account = "arn:aws:sqs:us-east-1:000000000000";
    private readonly GatewayWorkspace workspace = new();

    public Task InitializeAsync() => workspace.InitializeAsync();

    public Task DisposeAsync() => workspace.DisposeAsync();

    [Fact]
    public async Task MoveTask_GatewayKilledMidTask_RestartedGatewayFinishesIt_NothingLostOrDuplicated_AuditVerifies()
    {
        var port = GatewayProcess.FreePort();
        HashSet<string> sent;
        using (var gateway = await GatewayProcess.StartAsync(workspace.Files, workspace.Database.GatewayConnectionString, port))
        using (var client = new SignedClient(gateway.Endpoint, workspace.Files.CaFile))
        {
            sent = await FillDeadLetterQueueAsync(client, "restart", 30);
            await StartAsync(client, "restart", rate: 5);
            await WaitMovedAsync("restart", atLeast: 5);
            gateway.Kill();
        }

        var movedBeforeKill = await MovedAsync("restart");
        Assert.InRange(movedBeforeKill, 5, 29);

        using var restarted = await GatewayProcess.StartAsync(workspace.Files, workspace.Database.GatewayConnectionString, port);
        using var after = new SignedClient(restarted.Endpoint, workspace.Files.CaFile);
        var entry = await WaitStatusAsync(after, "restart", "COMPLETED");
        Assert.Equal(30, entry.GetProperty("ApproximateNumberOfMessagesMoved").GetInt64());

        var received = await DrainAsync(after, "restart-dest");
        Assert.Equal(sent.Order(), received.Order());
        Assert.Empty(await DrainAsync(after, "restart-dlq"));

        // Each batch is an event of its own, every message in exactly one; two runners took the task, one before the kill.
        var moves = await workspace.Database.RowsAsync(
            $"select m ->> 'from', e.data -> 'detail' ->> 'runner' from events e, jsonb_array_elements(e.data -> 'detail' -> 'moves') m where e.event_type = 'MessagesMovedByTask' and e.data -> 'detail' ->> 'sourceArn' = '{Account}:restart-dlq'");
        Assert.Equal(30, moves.Count);
        Assert.Equal(30, moves.Select(r => (string)r[0]!).Distinct().Count());
        Assert.Equal(2, moves.Select(r => (string)r[1]!).Distinct().Count());
        Assert.Equal(2L, await workspace.Database.ScalarAsync<long>(
            $"select count(distinct data -> 'detail' ->> 'runner') from events where event_type = 'MessageMoveTaskTaken' and data -> 'detail' ->> 'sourceArn' = '{Account}:restart-dlq'"));
        Assert.Equal(1L, await workspace.Database.ScalarAsync<long>(
            $"select count(*) from events where event_type = 'MessageMoveTaskCompleted' and data -> 'detail' ->> 'sourceArn' = '{Account}:restart-dlq'"));
        restarted.Kill();
        using (await GatewayProcess.StartAsync(workspace.Files, workspace.Database.GatewayConnectionString, port))
        {
        }

        await AuditVerify.AssertIntactAsync(workspace, workspace.Files.CheckpointFile);
    }

    [Fact]
    public async Task MoveTask_TwoReplicas_ExactlyOneRunsIt()
    {
        using var first = await GatewayProcess.StartAsync(workspace.Files, workspace.Database.GatewayConnectionString, GatewayProcess.FreePort());
        using var second = await GatewayProcess.StartAsync(
            workspace.Files with { CheckpointFile = Path.Combine(workspace.Files.Directory, "second-checkpoints.jsonl") },
            workspace.Database.GatewayConnectionString, GatewayProcess.FreePort());
        using var firstClient = new SignedClient(first.Endpoint, workspace.Files.CaFile);
        using var secondClient = new SignedClient(second.Endpoint, workspace.Files.CaFile);
        var sent = await FillDeadLetterQueueAsync(firstClient, "pair", 40);
        await StartAsync(secondClient, "pair", rate: 20);

        await WaitStatusAsync(firstClient, "pair", "COMPLETED");

        Assert.Equal(sent.Order(), (await DrainAsync(secondClient, "pair-dest")).Order());
        Assert.Equal(1L, await workspace.Database.ScalarAsync<long>(
            $"select count(*) from events where event_type = 'MessageMoveTaskTaken' and data -> 'detail' ->> 'sourceArn' = '{Account}:pair-dlq'"));
        Assert.Equal(1L, await workspace.Database.ScalarAsync<long>(
            $"select count(distinct data -> 'detail' ->> 'runner') from events where event_type in ('MessagesMovedByTask', 'MessageMoveTaskCompleted') and data -> 'detail' ->> 'sourceArn' = '{Account}:pair-dlq'"));
    }

    // A dead-letter queue (of a source queue) holding `count` messages sent to it, and an empty destination.
    private static async Task<HashSet<string>> FillDeadLetterQueueAsync(SignedClient client, string prefix, int count)
    {
        await CallAsync(client, "CreateQueue", new { QueueName = $"{prefix}-dlq" });
        await CallAsync(client, "CreateQueue", new { QueueName = $"{prefix}-dest" });
        await CallAsync(client, "CreateQueue", new
        {
            QueueName = $"{prefix}-src",
            Attributes = new { RedrivePolicy = JsonSerializer.Serialize(new { deadLetterTargetArn = $"{Account}:{prefix}-dlq", maxReceiveCount = 1 }) },
        });
        var bodies = Enumerable.Range(0, count).Select(i => $"{prefix}-{i}").ToHashSet();
        foreach (var batch in bodies.Chunk(10))
        {
            await CallAsync(client, "SendMessageBatch", new { QueueUrl = $"{prefix}-dlq", Entries = batch.Select((b, i) => new { Id = $"m{i}", MessageBody = b }) });
        }

        return bodies;
    }

    private static Task<JsonElement> StartAsync(SignedClient client, string prefix, int rate) =>
        CallAsync(client, "StartMessageMoveTask", new { SourceArn = $"{Account}:{prefix}-dlq", DestinationArn = $"{Account}:{prefix}-dest", MaxNumberOfMessagesPerSecond = rate });

    private Task<long> MovedAsync(string prefix) =>
        workspace.Database.ScalarAsync<long>($"select coalesce(max(moved), 0) from message_move_tasks where source_arn = '{Account}:{prefix}-dlq'");

    private async Task WaitMovedAsync(string prefix, long atLeast)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(30); await MovedAsync(prefix) < atLeast; await Task.Delay(100))
        {
            Assert.True(DateTime.UtcNow < deadline, $"the task did not move {atLeast} messages in 30 s");
        }
    }

    private static async Task<JsonElement> WaitStatusAsync(SignedClient client, string prefix, string status)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(60); ; await Task.Delay(200))
        {
            var entry = (await CallAsync(client, "ListMessageMoveTasks", new { SourceArn = $"{Account}:{prefix}-dlq" })).GetProperty("Results")[0];
            if (entry.GetProperty("Status").GetString() == status || DateTime.UtcNow > deadline)
            {
                Assert.Equal(status, entry.GetProperty("Status").GetString());
                return entry;
            }
        }
    }

    private static async Task<List<string>> DrainAsync(SignedClient client, string queue)
    {
        var bodies = new List<string>();
        while (true)
        {
            var result = await CallAsync(client, "ReceiveMessage", new { QueueUrl = queue, MaxNumberOfMessages = 10, VisibilityTimeout = 600 });
            if (!result.TryGetProperty("Messages", out var messages))
            {
                return bodies;
            }

            bodies.AddRange(messages.EnumerateArray().Select(m => m.GetProperty("Body").GetString()!));
        }
    }

    private static async Task<JsonElement> CallAsync(SignedClient client, string action, object body)
    {
        using var response = await client.JsonAsync(action, JsonSerializer.Serialize(body), TestIdentity.Admin);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{action}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
