using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using SecureQueue.FunctionalTests.Infrastructure;
using Xunit.Abstractions;

namespace SecureQueue.FunctionalTests.Durability;

/// <summary>
/// Two gateway processes on one database serving one FIFO queue at once: each group's messages are sent alternately
/// through both replicas and received by receivers on both. Order within a group, the group lock (no message of a group
/// delivered while an earlier one is in flight) and the deduplication window must hold across the replicas, since they
/// are database state, not memory.
/// </summary>
public sealed class FifoReplicaTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Groups = 6;
    private const int PerGroup = 12;
    private readonly GatewayWorkspace workspace = new();
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly ConcurrentBag<(string Group, int Index, TimeSpan Answered, int Position, string Replica)> deliveries = [];

    public Task InitializeAsync() => workspace.InitializeAsync();

    public Task DisposeAsync() => workspace.DisposeAsync();

    [Fact]
    public async Task TwoReplicas_OneFifoQueue_GroupOrderLockAndDeduplicationHold()
    {
        using var first = await GatewayProcess.StartAsync(workspace.Files, workspace.Database.GatewayConnectionString, TestPorts.Next());
        using var second = await GatewayProcess.StartAsync(
            workspace.Files with { CheckpointFile = Path.Combine(workspace.Files.Directory, "second-checkpoints.jsonl") },
            workspace.Database.GatewayConnectionString, TestPorts.Next());
        using var a = new SignedClient(first.Endpoint, workspace.Files.CaFile);
        using var b = new SignedClient(second.Endpoint, workspace.Files.CaFile);
        var url = (await CallAsync(a, "CreateQueue", new { QueueName = "replicas.fifo", Attributes = new { FifoQueue = "true", VisibilityTimeout = "60" } }))
            .GetProperty("QueueUrl").GetString()!;

        using var stop = new CancellationTokenSource();
        var receivers = new[] { (a, "first"), (a, "first"), (b, "second"), (b, "second") }
            .Select(r => Task.Run(() => ReceiveLoopAsync(r.Item1, url, r.Item2, stop.Token))).ToList();
        var sends = await Task.WhenAll(Enumerable.Range(0, Groups).Select(g => Task.Run(() => SendGroupAsync(a, b, url, $"g{g}"))));
        output.WriteLine($"sent at {clock.Elapsed.TotalSeconds:F1} s, {deliveries.Count} delivered by then");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (deliveries.Count < Groups * PerGroup && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        output.WriteLine($"{deliveries.Count} delivered at {clock.Elapsed.TotalSeconds:F1} s");
        await stop.CancelAsync();
        await Task.WhenAll(receivers);
        output.WriteLine($"{deliveries.Count} deliveries: {deliveries.Count(d => d.Replica == "first")} through the first replica, {deliveries.Count(d => d.Replica == "second")} the second");

        foreach (var (group, sequences) in sends)
        {
            Assert.Equal(sequences.Order(), sequences);
            Assert.Equal(sequences.Count, sequences.Distinct().Count());
            // Deliveries of one group, in the order their receives answered: exactly the send order, each once. A receive
            // answers before its delete, and the next claim of the group waits for that delete, so the order is observable.
            var delivered = deliveries.Where(d => d.Group == group).OrderBy(d => d.Answered).ThenBy(d => d.Position).Select(d => d.Index).ToList();
            Assert.Equal(Enumerable.Range(0, PerGroup), delivered);
        }

        Assert.Empty(await ReceiveAsync(a, url));

        // A receive that claims a message sent earlier in the same writer batch, before that batch appended the send's
        // event, found no body: the message was left invisible for its whole visibility timeout and its group blocked.
        Assert.Equal(0, await workspace.Database.ScalarAsync<long>("select count(*) from events where action = 'ReceiveMessage' and data -> 'detail' ? 'unreadable'"));
    }

    /// <summary>
    /// Sends one group's messages in order, alternating replicas; each is then sent again through both replicas at once
    /// (same deduplication id): both answers must name the original message and sequence number. Returns the group's
    /// sequence numbers in send order.
    /// </summary>
    private static async Task<(string Group, List<decimal> Sequences)> SendGroupAsync(SignedClient a, SignedClient b, string url, string group)
    {
        var sequences = new List<decimal>();
        for (var i = 0; i < PerGroup; i++)
        {
            var message = new { QueueUrl = url, MessageBody = $"{group}:{i}", MessageGroupId = group, MessageDeduplicationId = $"{group}-{i}" };
            var sent = await CallAsync(i % 2 == 0 ? a : b, "SendMessage", message);
            var again = await Task.WhenAll(CallAsync(a, "SendMessage", message with { MessageBody = "duplicate" }), CallAsync(b, "SendMessage", message with { MessageBody = "duplicate" }));
            foreach (var duplicate in again)
            {
                Assert.Equal(sent.GetProperty("MessageId").GetString(), duplicate.GetProperty("MessageId").GetString());
                Assert.Equal(sent.GetProperty("SequenceNumber").GetString(), duplicate.GetProperty("SequenceNumber").GetString());
            }

            sequences.Add(decimal.Parse(sent.GetProperty("SequenceNumber").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        }

        return (group, sequences);
    }

    private async Task ReceiveLoopAsync(SignedClient client, string url, string replica, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var messages = await ReceiveAsync(client, url);
            var answered = clock.Elapsed;
            foreach (var ((body, _), position) in messages.Select((m, i) => (m, i)))
            {
                Assert.NotEqual("duplicate", body);
                var parts = body.Split(':');
                deliveries.Add((parts[0], int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), answered, position, replica));
            }

            foreach (var (_, handle) in messages)
            {
                await CallAsync(client, "DeleteMessage", new { QueueUrl = url, ReceiptHandle = handle });
            }
        }
    }

    private static async Task<List<(string Body, string Handle)>> ReceiveAsync(SignedClient client, string url)
    {
        var result = await CallAsync(client, "ReceiveMessage", new { QueueUrl = url, MaxNumberOfMessages = 10, WaitTimeSeconds = 1 });
        return result.TryGetProperty("Messages", out var messages)
            ? messages.EnumerateArray().Select(m => (m.GetProperty("Body").GetString()!, m.GetProperty("ReceiptHandle").GetString()!)).ToList()
            : [];
    }

    private static async Task<JsonElement> CallAsync(SignedClient client, string action, object request)
    {
        using var response = await client.JsonAsync(action, JsonSerializer.Serialize(request), TestIdentity.Admin);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{action}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
