using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using SecureQueue.FunctionalTests.Infrastructure;
using Xunit.Abstractions;

namespace SecureQueue.FunctionalTests.Durability;

/// <summary>
/// Two gateway processes on one database, sending, receiving and deleting on one queue at once; one is killed
/// with SIGKILL mid-stream. Nothing acknowledged is lost, a message whose delete was acknowledged never comes
/// back, no message is delivered twice while its visibility timeout holds, and <c>secq audit verify</c> passes
/// against each replica's checkpoint file.
/// </summary>
public sealed class ReplicaTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int VisibilitySeconds = 4;
    private readonly GatewayWorkspace workspace = new();
    private readonly ConcurrentDictionary<string, bool> sent = new();
    private readonly ConcurrentDictionary<string, bool> deleted = new();
    private readonly ConcurrentDictionary<string, bool> deleteSent = new();
    private readonly ConcurrentBag<(string Body, TimeSpan Asked, TimeSpan Answered, string Replica)> deliveries = [];
    private readonly Stopwatch clock = Stopwatch.StartNew();

    public Task InitializeAsync() => workspace.InitializeAsync();

    public Task DisposeAsync() => workspace.DisposeAsync();

    [Fact]
    public async Task TwoReplicas_OneKilledUnderLoad_NothingAcknowledgedLost_NoDoubleDeliveryWithinVisibility_AuditVerifies()
    {
        var victimCheckpoints = Path.Combine(workspace.Files.Directory, "victim-checkpoints.jsonl");
        using var survivor = await GatewayProcess.StartAsync(workspace.Files, workspace.Database.GatewayConnectionString, TestPorts.Next(), FrequentCheckpoints);
        using var victim = await GatewayProcess.StartAsync(
            workspace.Files with { CheckpointFile = victimCheckpoints }, workspace.Database.GatewayConnectionString, TestPorts.Next(), FrequentCheckpoints);
        using var survivorClient = new SignedClient(survivor.Endpoint, workspace.Files.CaFile);
        using var victimClient = new SignedClient(victim.Endpoint, workspace.Files.CaFile);
        string url;
        using (var created = await survivorClient.JsonAsync("CreateQueue", Json(new { QueueName = "replicas", Attributes = new { VisibilityTimeout = $"{VisibilitySeconds}" } }), TestIdentity.Admin))
        {
            url = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("QueueUrl").GetString()!;
        }

        using var stopVictim = new CancellationTokenSource();
        using var stopAll = new CancellationTokenSource();
        var workers = new List<Task>();
        foreach (var (client, name, stop) in new[] { (survivorClient, "survivor", stopAll.Token), (victimClient, "victim", stopVictim.Token) })
        {
            workers.AddRange(Enumerable.Range(0, 3).Select(w => Task.Run(() => SendLoopAsync(client, url, $"{name}-{w}", stop))));
            workers.AddRange(Enumerable.Range(0, 2).Select(_ => Task.Run(() => ReceiveLoopAsync(client, url, name, stop))));
        }

        // The load runs until it has carried enough traffic, not for a fixed time: on a busy machine 2.5 s gave 48 sends.
        await Task.Delay(1500);
        await WaitForTrafficAsync(sends: 40, deletes: 5);
        victim.Kill();
        stopVictim.Cancel();
        await Task.Delay(1000);
        await WaitForTrafficAsync(sends: 60, deletes: 15);
        stopAll.Cancel();
        await Task.WhenAll(workers);

        await Task.Delay(TimeSpan.FromSeconds(VisibilitySeconds + 0.5));
        var remaining = await DrainAsync(survivorClient, url);
        output.WriteLine($"{sent.Count} sends acknowledged, {deliveries.Count} deliveries, {deleted.Count} deletes acknowledged, {remaining.Count} left in the queue");

        Assert.True(sent.Count > 50 && deleted.Count > 10, $"too little traffic to show anything: {sent.Count} sent, {deleted.Count} deleted");
        // A delete sent to the victim may have committed with its answer lost in the kill: only those may be gone unacknowledged.
        Assert.DoesNotContain(sent.Keys, body => !deleteSent.ContainsKey(body) && !remaining.Contains(body));
        Assert.DoesNotContain(remaining, deleted.ContainsKey);
        Assert.Equal(remaining.Count, remaining.Distinct().Count());
        // A claim happens between its receive's request and its answer, so two claims are surely closer than the
        // visibility timeout only when the later answer came less than that after the earlier request: a slow answer
        // (a loaded machine) must not look like an early redelivery.
        var early = deliveries.GroupBy(d => d.Body)
            .SelectMany(g => g.OrderBy(d => d.Asked).Zip(g.OrderBy(d => d.Asked).Skip(1)))
            .Where(pair => pair.Second.Answered - pair.First.Asked < TimeSpan.FromSeconds(VisibilitySeconds - 0.5))
            .Select(pair => $"{pair.First.Body}: {pair.First.Replica} asked at {pair.First.Asked.TotalSeconds:F2} s, {pair.Second.Replica} answered at {pair.Second.Answered.TotalSeconds:F2} s");
        Assert.Empty(early);

        survivor.Kill();
        await AssertAuditVerifiesAsync(workspace.Files.CheckpointFile);
        await AssertAuditVerifiesAsync(victimCheckpoints);
    }

    private static readonly Dictionary<string, string?> FrequentCheckpoints = new() { ["SecureQueue__Audit__CheckpointInterval"] = "00:00:00.1" };

    private static readonly Dictionary<string, string?> NoPeriodicCheckpoints = new() { ["SecureQueue__Audit__CheckpointInterval"] = "01:00:00" };

    /// <summary>
    /// A SIGKILL may land between a checkpoint's file line and its row. As after any crash, the replica is started
    /// again on its file first (start-up stores a newest line the database lacks) and killed once it answers, with no
    /// periodic checkpoint in between; then the log must verify against that file.
    /// </summary>
    private async Task AssertAuditVerifiesAsync(string checkpointFile)
    {
        using (await GatewayProcess.StartAsync(
            workspace.Files with { CheckpointFile = checkpointFile }, workspace.Database.GatewayConnectionString, TestPorts.Next(), NoPeriodicCheckpoints))
        {
        }

        Assert.NotEmpty(await File.ReadAllLinesAsync(checkpointFile));
        await AuditVerify.AssertIntactAsync(workspace, checkpointFile);
    }

    private async Task WaitForTrafficAsync(int sends, int deletes)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(30); sent.Count < sends || deleted.Count < deletes; await Task.Delay(50))
        {
            Assert.True(DateTime.UtcNow < deadline, $"the load stalled: {sent.Count} sent, {deleted.Count} deleted");
        }
    }

    // Calls are never cancelled once sent: only a finished call tells whether it was acknowledged.
    private async Task SendLoopAsync(SignedClient client, string url, string prefix, CancellationToken stop)
    {
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var body = $"{prefix}-{i}";
            try
            {
                using var response = await client.JsonAsync("SendMessage", Json(new { QueueUrl = url, MessageBody = body }), TestIdentity.Admin, cancellation: CancellationToken.None);
                if (response.IsSuccessStatusCode)
                {
                    sent[body] = true;
                }
            }
            catch (HttpRequestException)
            {
                return;
            }
        }
    }

    private async Task ReceiveLoopAsync(SignedClient client, string url, string replica, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var asked = clock.Elapsed;
                var messages = await ReceiveAsync(client, url, VisibilitySeconds);
                var answered = clock.Elapsed;
                foreach (var (body, _) in messages)
                {
                    deliveries.Add((body, asked, answered, replica));
                }

                if (messages.Count == 0)
                {
                    continue;
                }

                var entries = messages.Select((m, i) => new { Id = $"d{i}", ReceiptHandle = m.Handle }).ToArray();
                foreach (var (body, _) in messages)
                {
                    deleteSent[body] = true;
                }

                using var response = await client.JsonAsync("DeleteMessageBatch", Json(new { QueueUrl = url, Entries = entries }), TestIdentity.Admin, cancellation: CancellationToken.None);
                if (!response.IsSuccessStatusCode)
                {
                    continue;
                }

                using var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync(CancellationToken.None));
                foreach (var done in result.RootElement.GetProperty("Successful").EnumerateArray())
                {
                    deleted[messages[int.Parse(done.GetProperty("Id").GetString()![1..], System.Globalization.CultureInfo.InvariantCulture)].Body] = true;
                }
            }
            catch (HttpRequestException)
            {
                return;
            }
        }
    }

    private static async Task<List<string>> DrainAsync(SignedClient client, string url)
    {
        var bodies = new List<string>();
        for (var empty = 0; empty < 2;)
        {
            var batch = await ReceiveAsync(client, url, 600);
            empty = batch.Count == 0 ? empty + 1 : 0;
            bodies.AddRange(batch.Select(m => m.Body));
        }

        return bodies;
    }

    private static async Task<List<(string Body, string Handle)>> ReceiveAsync(SignedClient client, string url, int visibility)
    {
        using var response = await client.JsonAsync("ReceiveMessage", Json(new { QueueUrl = url, MaxNumberOfMessages = 10, VisibilityTimeout = visibility, WaitTimeSeconds = 1 }), TestIdentity.Admin);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.TryGetProperty("Messages", out var messages)
            ? messages.EnumerateArray().Select(m => (m.GetProperty("Body").GetString()!, m.GetProperty("ReceiptHandle").GetString()!)).ToList()
            : [];
    }

    private static string Json(object value) => JsonSerializer.Serialize(value);
}
