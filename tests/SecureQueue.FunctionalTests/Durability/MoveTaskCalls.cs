using System.Text.Json;
using SecureQueue.FunctionalTests.Infrastructure;

namespace SecureQueue.FunctionalTests.Durability;

/// <summary>Set-up and calls the move task tests share, over signed JSON requests.</summary>
internal static class MoveTaskCalls
{
    public const string Account = "arn:aws:sqs:us-east-1:000000000000";

    // A dead-letter queue (of a source queue) holding `count` messages sent to it, and an empty destination.
    public static async Task<HashSet<string>> FillDeadLetterQueueAsync(SignedClient client, string prefix, int count)
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

    public static Task<JsonElement> StartAsync(SignedClient client, string prefix, int rate, TestIdentity? identity = null) =>
        CallAsync(client, "StartMessageMoveTask", new { SourceArn = $"{Account}:{prefix}-dlq", DestinationArn = $"{Account}:{prefix}-dest", MaxNumberOfMessagesPerSecond = rate }, identity);

    public static Task<long> MovedAsync(GatewayWorkspace workspace, string prefix) =>
        workspace.Database.ScalarAsync<long>($"select coalesce(max(moved), 0) from message_move_tasks where source_arn = '{Account}:{prefix}-dlq'");

    public static async Task WaitMovedAsync(GatewayWorkspace workspace, string prefix, long atLeast)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(30); await MovedAsync(workspace, prefix) < atLeast; await Task.Delay(100))
        {
            Assert.True(DateTime.UtcNow < deadline, $"the task did not move {atLeast} messages in 30 s");
        }
    }

    /// <param name="suffix">The queue names' ending: ".fifo" for FIFO queues.</param>
    public static async Task<JsonElement> WaitStatusAsync(SignedClient client, string prefix, string status, string suffix = "")
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(60); ; await Task.Delay(200))
        {
            var entry = (await CallAsync(client, "ListMessageMoveTasks", new { SourceArn = $"{Account}:{prefix}-dlq{suffix}" })).GetProperty("Results")[0];
            if (entry.GetProperty("Status").GetString() == status || DateTime.UtcNow > deadline)
            {
                Assert.Equal(status, entry.GetProperty("Status").GetString());
                return entry;
            }
        }
    }

    /// <param name="delete">Delete each message received: a FIFO queue gives a group's next messages only after the earlier are deleted.</param>
    public static async Task<List<string>> DrainAsync(SignedClient client, string queue, bool delete = false)
    {
        var bodies = new List<string>();
        while (true)
        {
            var result = await CallAsync(client, "ReceiveMessage", new { QueueUrl = queue, MaxNumberOfMessages = 10, VisibilityTimeout = 600 });
            if (!result.TryGetProperty("Messages", out var messages))
            {
                return bodies;
            }

            foreach (var message in messages.EnumerateArray())
            {
                bodies.Add(message.GetProperty("Body").GetString()!);
                if (delete)
                {
                    await CallAsync(client, "DeleteMessage", new { QueueUrl = queue, ReceiptHandle = message.GetProperty("ReceiptHandle").GetString() });
                }
            }
        }
    }

    public static async Task<JsonElement> CallAsync(SignedClient client, string action, object body, TestIdentity? identity = null)
    {
        using var response = await client.JsonAsync(action, JsonSerializer.Serialize(body), identity ?? TestIdentity.Admin);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{action}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
