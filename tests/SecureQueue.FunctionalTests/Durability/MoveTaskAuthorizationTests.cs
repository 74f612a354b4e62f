using System.Text.Json;
using SecureQueue.FunctionalTests.Infrastructure;
using static SecureQueue.FunctionalTests.Durability.MoveTaskCalls;

namespace SecureQueue.FunctionalTests.Durability;

/// <summary>
/// A move task acts for whoever started it, and only while that principal may move: denied at start (audited), failed
/// when a runner that takes it over after a restart finds a permission gone, failed at the next batch when a queue policy
/// changes to deny it or a reload of the identities narrows the starter's own policy. Each call and each step of the task is an event of its own.
/// </summary>
public sealed class MoveTaskAuthorizationTests : IAsyncLifetime
{
    private const string DenySend = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:*","Resource":"*"},{"Sid":"NoSend","Effect":"Deny","Action":"sqs:SendMessage","Resource":"*"}]}""";
    private readonly GatewayWorkspace workspace = new();

    public Task InitializeAsync() => workspace.InitializeAsync();

    public Task DisposeAsync() => workspace.DisposeAsync();

    [Fact]
    public async Task ResumedTask_StarterLostSendMessage_FailsWithTheDenialAsReason_NothingLost()
    {
        var port = TestPorts.Next();
        using (var gateway = await GatewayProcess.StartAsync(workspace.Files, workspace.Database.GatewayConnectionString, port))
        using (var client = new SignedClient(gateway.Endpoint, workspace.Files.CaFile))
        {
            await FillDeadLetterQueueAsync(client, "resume", 20);
            await StartAsync(client, "resume", rate: 2, TestIdentity.NoDelete);
            await WaitMovedAsync(workspace, "resume", atLeast: 2);
            gateway.Kill();
        }

        // The starter's identity policy changes while no gateway runs: the one that takes the task over decides again.
        await File.WriteAllTextAsync(Path.Combine(workspace.Files.PoliciesDirectory, TestIdentity.NoDelete.Name + ".json"), DenySend);
        using var restarted = await GatewayProcess.StartAsync(workspace.Files, workspace.Database.GatewayConnectionString, port);
        using var after = new SignedClient(restarted.Endpoint, workspace.Files.CaFile);

        var entry = await WaitStatusAsync(after, "resume", "FAILED");

        var reason = entry.GetProperty("FailureReason").GetString()!;
        Assert.Contains("sqs:SendMessage", reason, StringComparison.Ordinal);
        Assert.Contains(TestIdentity.NoDelete.Arn, reason, StringComparison.Ordinal);
        Assert.False(entry.TryGetProperty("TaskHandle", out _));
        var moved = entry.GetProperty("ApproximateNumberOfMessagesMoved").GetInt64();
        Assert.InRange(moved, 2, 19);
        Assert.Equal(moved, (await DrainAsync(after, "resume-dest")).Count);
        Assert.Equal(20 - moved, (await DrainAsync(after, "resume-dlq")).Count);
        Assert.Equal(reason, await workspace.Database.ScalarAsync<string>(
            $"select data -> 'detail' ->> 'failureReason' from events where event_type = 'MessageMoveTaskFailed' and data -> 'detail' ->> 'sourceArn' = '{Account}:resume-dlq'"));
    }

    [Fact]
    public async Task RunningTask_StarterPolicyNarrowedInItsFile_FailsAfterTheReload_NothingLost()
    {
        await workspace.StartGatewayAsync(new Dictionary<string, string?> { ["SecureQueue:AccessReloadSeconds"] = "1" });
        var client = workspace.Client;
        await FillDeadLetterQueueAsync(client, "live", 20);
        await StartAsync(client, "live", rate: 2, TestIdentity.NoDelete);
        await WaitMovedAsync(workspace, "live", atLeast: 2);

        // No restart: the reload replaces the starter's policies, and the task's next batch decides again with them.
        await File.WriteAllTextAsync(Path.Combine(workspace.Files.PoliciesDirectory, TestIdentity.NoDelete.Name + ".json"), DenySend);
        var entry = await WaitStatusAsync(client, "live", "FAILED");

        Assert.Contains("sqs:SendMessage", entry.GetProperty("FailureReason").GetString()!, StringComparison.Ordinal);
        var moved = entry.GetProperty("ApproximateNumberOfMessagesMoved").GetInt64();
        Assert.InRange(moved, 2, 19);
        Assert.Equal(moved, (await DrainAsync(client, "live-dest")).Count);
        Assert.Equal(20 - moved, (await DrainAsync(client, "live-dlq")).Count);
    }

    [Fact]
    public async Task Calls_EachAuditedOnce_DeniedStartAudited_PolicyDenyingDestinationFailsRunningTask()
    {
        await workspace.StartGatewayAsync();
        var client = workspace.Client;
        await FillDeadLetterQueueAsync(client, "audit", 12);
        await CallAsync(client, "SetQueueAttributes", new { QueueUrl = "audit-dest", Attributes = new { Policy = DenyPolicy("audit-dest") } });

        using (var denied = await client.JsonAsync("StartMessageMoveTask", Start("audit"), TestIdentity.Admin))
        {
            Assert.Equal(403, (int)denied.StatusCode);
            Assert.Equal(("StartMessageMoveTask", "AccessDenied"), await AuditedAsync(denied));
        }

        await CallAsync(client, "SetQueueAttributes", new { QueueUrl = "audit-dest", Attributes = new { Policy = "" } });
        string handle;
        using (var started = await client.JsonAsync("StartMessageMoveTask", Start("audit"), TestIdentity.Admin))
        {
            Assert.Equal(200, (int)started.StatusCode);
            Assert.Equal(("MessageMoveTaskStarted", (string?)null), await AuditedAsync(started));
            handle = JsonDocument.Parse(await started.Content.ReadAsStringAsync()).RootElement.GetProperty("TaskHandle").GetString()!;
        }

        using (var listed = await client.JsonAsync("ListMessageMoveTasks", $$"""{"SourceArn":"{{Account}}:audit-dlq"}""", TestIdentity.Admin))
        {
            Assert.Equal(("MessageMoveTasksListed", (string?)null), await AuditedAsync(listed));
        }

        using (var forged = await client.JsonAsync("CancelMessageMoveTask", JsonSerializer.Serialize(new { TaskHandle = handle[..^4] + "AAA=" }), TestIdentity.Admin))
        {
            Assert.Equal(400, (int)forged.StatusCode);
            Assert.Equal(("CancelMessageMoveTask", "InvalidParameterValue"), await AuditedAsync(forged));
        }

        await WaitMovedAsync(workspace, "audit", atLeast: 1);
        await CallAsync(client, "SetQueueAttributes", new { QueueUrl = "audit-dest", Attributes = new { Policy = DenyPolicy("audit-dest") } });
        var entry = await WaitStatusAsync(client, "audit", "FAILED");

        Assert.Contains("sqs:SendMessage", entry.GetProperty("FailureReason").GetString()!, StringComparison.Ordinal);
        var moved = entry.GetProperty("ApproximateNumberOfMessagesMoved").GetInt64();
        Assert.Equal(moved, await workspace.Database.ScalarAsync<long>(
            $"select coalesce(sum(jsonb_array_length(data -> 'detail' -> 'moves')), 0) from events where event_type = 'MessagesMovedByTask' and data -> 'detail' ->> 'sourceArn' = '{Account}:audit-dlq'"));
        Assert.Equal(12, moved + (await DrainAsync(client, "audit-dlq")).Count);
    }

    private static string Start(string prefix) =>
        JsonSerializer.Serialize(new { SourceArn = $"{Account}:{prefix}-dlq", DestinationArn = $"{Account}:{prefix}-dest", MaxNumberOfMessagesPerSecond = 2 });

    private static string DenyPolicy(string queue) => JsonSerializer.Serialize(new
    {
        Version = "2012-10-17",
        Statement = new[] { new { Sid = "NoMovesIn", Effect = "Deny", Principal = new { AWS = TestIdentity.Admin.Arn }, Action = "sqs:SendMessage", Resource = $"{Account}:{queue}" } },
    });

    // The one event the call with this response's request id left: its event type (the action, for a failed call) and error code.
    private async Task<(string, string?)> AuditedAsync(HttpResponseMessage response)
    {
        var id = response.Headers.GetValues("x-amzn-RequestId").Single();
        var row = Assert.Single(await workspace.Database.RowsAsync($"select event_type, action, error_code from events where request_id = '{id}'"));
        return ((string?)row[2] is null ? (string)row[0]! : (string)row[1]!, (string?)row[2]);
    }
}
