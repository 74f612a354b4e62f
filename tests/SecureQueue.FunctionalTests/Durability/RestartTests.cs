using System.Collections.Concurrent;
using System.Text.Json;
using SecureQueue.FunctionalTests.Infrastructure;

namespace SecureQueue.FunctionalTests.Durability;

/// <summary>
/// Kill -9 the gateway while sends are in flight and checkpoints are being signed, start it again: every acknowledged
/// message is there, deleted ones stay deleted, in-flight ones come back after their visibility timeout, and
/// <c>secq audit verify</c> passes over the chain and every checkpoint, in the database and in the file.
/// </summary>
public sealed class RestartTests : IAsyncLifetime
{
    // Checkpoints every 100 ms, so the kill lands among them.
    private static readonly Dictionary<string, string?> FrequentCheckpoints = new() { ["SecureQueue__Audit__CheckpointInterval"] = "00:00:00.1" };
    private readonly GatewayWorkspace workspace = new();

    public Task InitializeAsync() => workspace.InitializeAsync();

    public Task DisposeAsync() => workspace.DisposeAsync();

    [Fact]
    public async Task KillMidStream_AcknowledgedKept_DeletedGone_InFlightReappear_AuditVerifies()
    {
        var port = TestPorts.Next();
        var acknowledged = new ConcurrentDictionary<string, bool>();
        string url;
        HashSet<string> deleted;
        HashSet<string> inFlight;
        using (var gateway = await GatewayProcess.StartAsync(workspace.Files, workspace.Database.GatewayConnectionString, port, FrequentCheckpoints))
        using (var client = new SignedClient(gateway.Endpoint, workspace.Files.CaFile))
        {
            url = await Json(client, "CreateQueue", """{"QueueName":"durable","Attributes":{"VisibilityTimeout":"2"}}""", "QueueUrl");
            await Parallel.ForEachAsync(Enumerable.Range(0, 60), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
            {
                acknowledged[await SendAsync(client, url, $"before-{i}")] = true;
            });

            var received = await ReceiveAsync(client, url, 10, visibility: 2);
            Assert.Equal(10, received.Count);
            deleted = received.Take(5).Select(m => m.Body).ToHashSet();
            inFlight = received.Skip(5).Select(m => m.Body).ToHashSet();
            foreach (var message in received.Take(5))
            {
                using var response = await client.JsonAsync("DeleteMessage", Body(url, ("ReceiptHandle", message.Handle)), TestIdentity.Admin);
                Assert.Equal(200, (int)response.StatusCode);
            }

            using var stop = new CancellationTokenSource();
            var senders = Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    try
                    {
                        acknowledged[await SendAsync(client, url, $"during-{worker}-{i}")] = true;
                    }
                    catch (HttpRequestException)
                    {
                        return;
                    }
                }
            })).ToList();
            await Task.Delay(700);
            gateway.Kill();
            stop.Cancel();
            await Task.WhenAll(senders);
        }

        Assert.True(acknowledged.Count > 60, "some sends must have been acknowledged while the gateway ran");
        Assert.NotEmpty(await File.ReadAllLinesAsync(workspace.Files.CheckpointFile));
        using var restarted = await GatewayProcess.StartAsync(workspace.Files, workspace.Database.GatewayConnectionString, port, FrequentCheckpoints);
        using var after = new SignedClient(restarted.Endpoint, workspace.Files.CaFile);
        await UntilNoneInFlightAsync(after, url);
        var survivors = new List<string>();
        while (true)
        {
            var batch = await ReceiveAsync(after, url, 10, visibility: 600);
            if (batch.Count == 0)
            {
                break;
            }

            survivors.AddRange(batch.Select(m => m.Body));
        }

        var expected = acknowledged.Keys.Where(b => !deleted.Contains(b)).ToHashSet();
        Assert.Empty(expected.Except(survivors));
        Assert.Empty(deleted.Intersect(survivors));
        Assert.Superset(inFlight, survivors.ToHashSet());
        Assert.Equal(survivors.Count, survivors.Distinct().Count());
        await AssertChainAsync();
    }

    private Task AssertChainAsync() => AuditVerify.AssertIntactAsync(workspace, workspace.Files.CheckpointFile);

    private static async Task<string> SendAsync(SignedClient client, string url, string body)
    {
        using var response = await client.JsonAsync("SendMessage", Body(url, ("MessageBody", body)), TestIdentity.Admin);
        response.EnsureSuccessStatusCode();
        return body;
    }

    private static async Task<List<(string Body, string Handle)>> ReceiveAsync(SignedClient client, string url, int max, int visibility)
    {
        using var response = await client.JsonAsync("ReceiveMessage",
            $$"""{"QueueUrl":"{{url}}","MaxNumberOfMessages":{{max}},"VisibilityTimeout":{{visibility}},"WaitTimeSeconds":1}""", TestIdentity.Admin);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.TryGetProperty("Messages", out var messages)
            ? messages.EnumerateArray().Select(m => (m.GetProperty("Body").GetString()!, m.GetProperty("ReceiptHandle").GetString()!)).ToList()
            : [];
    }

    /// <summary>Waits for the messages received before the kill to be visible again (their 2 s visibility timeout over).</summary>
    private static async Task UntilNoneInFlightAsync(SignedClient client, string url)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            using var response = await client.JsonAsync(
                "GetQueueAttributes", JsonSerializer.Serialize(new { QueueUrl = url, AttributeNames = new[] { "ApproximateNumberOfMessagesNotVisible" } }), TestIdentity.Admin);
            response.EnsureSuccessStatusCode();
            var attributes = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("Attributes");
            if (attributes.GetProperty("ApproximateNumberOfMessagesNotVisible").GetString() == "0")
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, "Messages received before the kill stayed in flight.");
            await Task.Delay(100);
        }
    }

    private static async Task<string> Json(SignedClient client, string action, string body, string member)
    {
        using var response = await client.JsonAsync(action, body, TestIdentity.Admin);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty(member).GetString()!;
    }

    private static string Body(string url, (string Name, string Value) member) =>
        JsonSerializer.Serialize(new Dictionary<string, string> { ["QueueUrl"] = url, [member.Name] = member.Value });
}
