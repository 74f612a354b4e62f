using System.Text.Json;
using SecureQueue.FunctionalTests.Infrastructure;
using static SecureQueue.FunctionalTests.Durability.MoveTaskCalls;

namespace SecureQueue.FunctionalTests.Durability;

/// <summary>
/// A move task between FIFO queues: every message arrives in its group, in the group's order, and is received from the
/// destination like any FIFO message; a group whose first message is in flight in the source moves none of its later
/// ones, so the destination never delivers a group out of order.
/// </summary>
public sealed class FifoMoveTaskTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>, IDisposable
{
    private readonly SignedClient client = fixture.Client();

    [Fact]
    public async Task MoveTask_FifoQueues_EveryMessageReceivedFromTheDestinationInGroupOrder()
    {
        var prefix = GatewayFixture.QueueName("fifo-move");
        await CreateAsync(prefix);
        await SendAsync(prefix, [("g", 6), ("h", 4)]);

        await CallAsync(client, "StartMessageMoveTask", new { SourceArn = $"{Account}:{prefix}-dlq.fifo", DestinationArn = $"{Account}:{prefix}-dest.fifo" });
        await WaitStatusAsync(client, $"{prefix}", "COMPLETED", ".fifo");

        var received = await DrainAsync(client, $"{prefix}-dest.fifo", delete: true);
        Assert.Equal(["g-0", "g-1", "g-2", "g-3", "g-4", "g-5"], received.Where(b => b.StartsWith("g-", StringComparison.Ordinal)));
        Assert.Equal(["h-0", "h-1", "h-2", "h-3"], received.Where(b => b.StartsWith("h-", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task MoveTask_GroupHeadInFlightInTheSource_LaterMessagesOfThatGroupStay()
    {
        var prefix = GatewayFixture.QueueName("fifo-held");
        await CreateAsync(prefix);
        await SendAsync(prefix, [("g", 3), ("h", 2)]);
        var head = await CallAsync(client, "ReceiveMessage", new { QueueUrl = $"{prefix}-dlq.fifo", MaxNumberOfMessages = 1, VisibilityTimeout = 600 });
        Assert.Equal("g-0", head.GetProperty("Messages")[0].GetProperty("Body").GetString());

        await CallAsync(client, "StartMessageMoveTask", new { SourceArn = $"{Account}:{prefix}-dlq.fifo", DestinationArn = $"{Account}:{prefix}-dest.fifo" });
        await WaitStatusAsync(client, $"{prefix}", "COMPLETED", ".fifo");

        Assert.Equal(["h-0", "h-1"], await DrainAsync(client, $"{prefix}-dest.fifo", delete: true));
        var counts = await CallAsync(client, "GetQueueAttributes", new { QueueUrl = $"{prefix}-dlq.fifo", AttributeNames = new[] { "All" } });
        Assert.Equal(("2", "1"), (counts.GetProperty("Attributes").GetProperty("ApproximateNumberOfMessages").GetString(),
            counts.GetProperty("Attributes").GetProperty("ApproximateNumberOfMessagesNotVisible").GetString()));
    }

    public void Dispose() => client.Dispose();

    // A FIFO source whose dead-letter queue is "-dlq.fifo", and an empty FIFO destination "-dest.fifo".
    private async Task CreateAsync(string prefix)
    {
        var fifo = new { FifoQueue = "true", ContentBasedDeduplication = "true" };
        await CallAsync(client, "CreateQueue", new { QueueName = $"{prefix}-dlq.fifo", Attributes = fifo });
        await CallAsync(client, "CreateQueue", new { QueueName = $"{prefix}-dest.fifo", Attributes = fifo });
        await CallAsync(client, "CreateQueue", new
        {
            QueueName = $"{prefix}-src.fifo",
            Attributes = new
            {
                FifoQueue = "true",
                ContentBasedDeduplication = "true",
                RedrivePolicy = JsonSerializer.Serialize(new { deadLetterTargetArn = $"{Account}:{prefix}-dlq.fifo", maxReceiveCount = 1 }),
            },
        });
    }

    // Messages "GROUP-N" sent to the dead-letter queue, group by group, each group in order.
    private async Task SendAsync(string prefix, (string Group, int Count)[] groups)
    {
        foreach (var (group, count) in groups)
        {
            await CallAsync(client, "SendMessageBatch", new
            {
                QueueUrl = $"{prefix}-dlq.fifo",
                Entries = Enumerable.Range(0, count).Select(i => new { Id = $"m{i}", MessageBody = $"{group}-{i}", MessageGroupId = group }),
            });
        }
    }
}
