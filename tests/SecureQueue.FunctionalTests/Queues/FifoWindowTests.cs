using System.Text.Json;
using SecureQueue.FunctionalTests.Infrastructure;

namespace SecureQueue.FunctionalTests.Queues;

/// <summary>
/// FIFO behaviour that depends on time: the 5-minute deduplication window (its length read from the database, its end
/// simulated by moving the stored expiry into the past rather than waiting), and where a dead-letter queue's retention
/// counts from: the move for FIFO queues, the original send for standard ones.
/// </summary>
public sealed class FifoWindowTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>, IDisposable
{
    private const int Retention = 600;
    private readonly SignedClient client = fixture.Client();

    [Fact]
    public async Task Deduplication_FiveMinuteWindow_ThenTheSameIdStoresAgain()
    {
        var url = await CreateAsync($"dedup-{Guid.NewGuid():N}"[..20] + ".fifo", new() { ["FifoQueue"] = "true" });
        var before = DateTimeOffset.UtcNow;
        var first = await SendAsync(url, "first", "order-1");
        var window = await fixture.Database.ScalarAsync<double>(
            $"select extract(epoch from d.expires_at)::float8 from fifo_deduplication d join queues q using (queue_id) where q.name = '{QueueName(url)}'");
        var second = await SendAsync(url, "second", "order-1");

        Assert.Equal(first, second);
        Assert.InRange(window - before.ToUnixTimeMilliseconds() / 1000.0, 299, 302);
        Assert.Equal(1L, await CountAsync(url));

        // Five minutes later: the stored expiry is what the window is, so moving it into the past is the same as waiting.
        await TestDatabase.ExecuteAsync(fixture.Database.ConnectionString,
            $"update fifo_deduplication d set expires_at = now() - interval '1 second' from queues q where q.queue_id = d.queue_id and q.name = '{QueueName(url)}'");
        var third = await SendAsync(url, "third", "order-1");

        Assert.NotEqual(first, third);
        Assert.Equal(2L, await CountAsync(url));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task DeadLetterMove_FifoRetentionRestartsAtTheMove_StandardKeepsTheSendTime(bool fifo)
    {
        var suffix = fifo ? ".fifo" : string.Empty;
        var fifoAttributes = fifo ? new Dictionary<string, string> { ["FifoQueue"] = "true", ["ContentBasedDeduplication"] = "true" } : [];
        var dlqName = $"dlq-{Guid.NewGuid():N}"[..20] + suffix;
        await CreateAsync(dlqName, new(fifoAttributes) { ["MessageRetentionPeriod"] = $"{Retention}" });
        var source = await CreateAsync($"src-{Guid.NewGuid():N}"[..20] + suffix, new(fifoAttributes)
        {
            ["RedrivePolicy"] = $$"""{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:{{dlqName}}","maxReceiveCount":1}""",
        });
        var id = await SendAsync(source, "to the dead letters", fifo ? null : string.Empty);
        Assert.Single(await ReceiveAsync(source));

        // The move happens on the receive after the first one; a second apart, so the two clocks cannot be confused.
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        Assert.Empty(await ReceiveAsync(source));

        var row = Assert.Single(await fixture.Database.RowsAsync(
            $"select extract(epoch from m.expires_at - m.sent_at)::float8 from queue_messages m join queues q using (queue_id) where q.name = '{dlqName}' and m.message_id = '{id}'"));
        var lifetime = (double)row[0]!;
        if (fifo)
        {
            Assert.InRange(lifetime, Retention + 1.1, Retention + 30);
        }
        else
        {
            Assert.Equal(Retention, lifetime, 3);
        }
    }

    public void Dispose() => client.Dispose();

    private static string QueueName(string url) => url[(url.LastIndexOf('/') + 1)..];

    private async Task<string> CreateAsync(string name, Dictionary<string, string> attributes)
    {
        using var response = await client.JsonAsync("CreateQueue", JsonSerializer.Serialize(new { QueueName = name, Attributes = attributes }), TestIdentity.Admin);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("QueueUrl").GetString()!;
    }

    /// <summary>Sends a message (to a FIFO queue when <paramref name="deduplicationId"/> is not empty); returns its MessageId.</summary>
    private async Task<string> SendAsync(string url, string body, string? deduplicationId)
    {
        object request = deduplicationId switch
        {
            "" => new { QueueUrl = url, MessageBody = body },
            null => new { QueueUrl = url, MessageBody = body, MessageGroupId = "g" },
            _ => new { QueueUrl = url, MessageBody = body, MessageGroupId = "g", MessageDeduplicationId = deduplicationId },
        };
        using var response = await client.JsonAsync("SendMessage", JsonSerializer.Serialize(request), TestIdentity.Admin);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("MessageId").GetString()!;
    }

    private async Task<List<JsonElement>> ReceiveAsync(string url)
    {
        using var response = await client.JsonAsync("ReceiveMessage", JsonSerializer.Serialize(new { QueueUrl = url, VisibilityTimeout = 0 }), TestIdentity.Admin);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        var root = JsonDocument.Parse(text).RootElement;
        return root.TryGetProperty("Messages", out var messages) ? messages.EnumerateArray().Select(m => m.Clone()).ToList() : [];
    }

    private Task<long> CountAsync(string url) =>
        fixture.Database.ScalarAsync<long>($"select count(*) from queue_messages m join queues q using (queue_id) where q.name = '{QueueName(url)}'");
}
