using SecureQueue.FunctionalTests.Infrastructure;
using static SecureQueue.FunctionalTests.Durability.MoveTaskCalls;

namespace SecureQueue.FunctionalTests.Durability;

/// <summary>
/// Message move tasks are state in the log: a task survives its gateway being killed mid-task (a restarted gateway takes
/// it over and finishes it, nothing lost, nothing moved twice), and with two replicas on one database exactly one runs it.
/// </summary>
public sealed class MoveTaskDurabilityTests : IAsyncLifetime
{
    private readonly GatewayWorkspace workspace = new();

    public Task InitializeAsync() => workspace.InitializeAsync();

    public Task DisposeAsync() => workspace.DisposeAsync();

    [Fact]
    public async Task MoveTask_GatewayKilledMidTask_RestartedGatewayFinishesIt_NothingLostOrDuplicated_AuditVerifies()
    {
        var port = TestPorts.Next();
        HashSet<string> sent;
        using (var gateway = await GatewayProcess.StartAsync(workspace.Files, workspace.Database.GatewayConnectionString, port))
        using (var client = new SignedClient(gateway.Endpoint, workspace.Files.CaFile))
        {
            sent = await FillDeadLetterQueueAsync(client, "restart", 30);
            await StartAsync(client, "restart", rate: 5);
            await WaitMovedAsync(workspace, "restart", atLeast: 5);
            gateway.Kill();
        }

        var movedBeforeKill = await MovedAsync(workspace, "restart");
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
        using var first = await GatewayProcess.StartAsync(workspace.Files, workspace.Database.GatewayConnectionString, TestPorts.Next());
        using var second = await GatewayProcess.StartAsync(
            workspace.Files with { CheckpointFile = Path.Combine(workspace.Files.Directory, "second-checkpoints.jsonl") },
            workspace.Database.GatewayConnectionString, TestPorts.Next());
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
}
