using System.Diagnostics;
using System.Text.Json;
using SecureQueue.FunctionalTests.Infrastructure;
using SecureQueue.Gateway.Hosting;

namespace SecureQueue.FunctionalTests.Messages;

/// <summary>
/// An empty long poll waits without the writer: it probes on a pooled connection and enters the writer only when a
/// message looks claimable, or at its end to append its one event. The gateway here runs without the retention
/// sweeper, so nothing else of its own appends or changes messages while a test holds the log.
/// </summary>
public sealed class LongPollWriterTests(GatewayWorkspace workspace) : IClassFixture<GatewayWorkspace>, IAsyncLifetime
{
    private GatewayInstance gateway = null!;
    private SignedClient client = null!;

    public async Task InitializeAsync()
    {
        gateway = await GatewayInstance.StartAsync(workspace.Files, workspace.Database.GatewayConnectionString, configure: builder =>
            builder.Services.Remove(builder.Services.Single(s => s.ImplementationType == typeof(RetentionSweeper))));
        client = new SignedClient(gateway.Endpoint, workspace.Files.CaFile);
    }

    [Fact]
    public async Task ReceiveMessage_EmptyLongPoll_HoldsNoWriterTransactionWhileWaiting()
    {
        var (name, _, clock, poll) = await StartPollAsync(waitSeconds: 4, after: TimeSpan.FromMilliseconds(300));

        // While appends and message changes are held here, a writer transaction of the poll (a claim or its event)
        // would wait on them, visibly; the probes only read.
        // Released well before the poll's end, when it does enter the writer to append its one event.
        var waiting = await LockWaitsWhileHoldingAsync("lock table queue_messages in share mode", clock, TimeSpan.FromSeconds(3));

        using var response = await poll;
        Assert.Equal(200, (int)response.StatusCode);
        Assert.False(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.TryGetProperty("Messages", out _));
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(3.5), $"the poll answered after {clock.Elapsed.TotalSeconds:F1} s");
        Assert.Empty(waiting);
        Assert.Equal(1L, await ReceiveEventsAsync(name));
    }

    [Fact]
    public async Task ReceiveMessage_MessageSentDuringLongPoll_ReturnsItWithOneEvent()
    {
        var (name, url, clock, poll) = await StartPollAsync(waitSeconds: 10, after: TimeSpan.FromSeconds(1));
        using (var sent = await client.JsonAsync("SendMessage", $$"""{"QueueUrl":"{{url}}","MessageBody":"wake up"}""", TestIdentity.Admin))
        {
            sent.EnsureSuccessStatusCode();
        }

        using var response = await poll;
        var messages = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("Messages");
        Assert.Equal("wake up", Assert.Single(messages.EnumerateArray().ToList()).GetProperty("Body").GetString());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"the poll answered after {clock.Elapsed.TotalSeconds:F1} s");
        Assert.Equal(1L, await ReceiveEventsAsync(name));
    }

    [Fact]
    public async Task ReceiveMessage_FifoGroupBehindAMessageInFlight_LongPollHoldsNoWriterTransaction()
    {
        var name = GatewayFixture.QueueName("poll") + ".fifo";
        using var created = await client.JsonAsync(
            "CreateQueue", $$$"""{"QueueName":"{{{name}}}","Attributes":{"FifoQueue":"true","ContentBasedDeduplication":"true"}}""", TestIdentity.Admin);
        created.EnsureSuccessStatusCode();
        var url = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("QueueUrl").GetString()!;
        foreach (var body in new[] { "first", "second" })
        {
            using var sent = await client.JsonAsync("SendMessage", $$"""{"QueueUrl":"{{url}}","MessageBody":"{{body}}","MessageGroupId":"g"}""", TestIdentity.Admin);
            sent.EnsureSuccessStatusCode();
        }

        using (var first = await client.JsonAsync("ReceiveMessage", $$"""{"QueueUrl":"{{url}}","VisibilityTimeout":60}""", TestIdentity.Admin))
        {
            Assert.Contains("first", await first.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // "second" is visible but waits behind "first". A FIFO claim locks its groups (FOR UPDATE), which an EXCLUSIVE
        // lock on fifo_groups holds back, visibly; the probes' plain reads pass it.
        var clock = Stopwatch.StartNew();
        var poll = client.JsonAsync("ReceiveMessage", $$"""{"QueueUrl":"{{url}}","WaitTimeSeconds":4}""", TestIdentity.Admin);
        var waiting = await LockWaitsWhileHoldingAsync("lock table fifo_groups in exclusive mode", clock, TimeSpan.FromSeconds(3));

        using var response = await poll;
        Assert.Equal(200, (int)response.StatusCode);
        Assert.False(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.TryGetProperty("Messages", out _));
        Assert.Empty(waiting);
        Assert.Equal(2L, await ReceiveEventsAsync(name));
    }

    /// <summary>Creates an empty queue, starts a long poll on it and returns once the poll has been waiting for <paramref name="after"/>.</summary>
    private async Task<(string Name, string Url, Stopwatch Clock, Task<HttpResponseMessage> Poll)> StartPollAsync(int waitSeconds, TimeSpan after)
    {
        var name = GatewayFixture.QueueName("poll");
        using var created = await client.JsonAsync("CreateQueue", $$"""{"QueueName":"{{name}}"}""", TestIdentity.Admin);
        created.EnsureSuccessStatusCode();
        var url = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("QueueUrl").GetString()!;
        var clock = Stopwatch.StartNew();
        var poll = client.JsonAsync("ReceiveMessage", $$"""{"QueueUrl":"{{url}}","WaitTimeSeconds":{{waitSeconds}}}""", TestIdentity.Admin);
        await Task.Delay(after);
        return (name, url, clock, poll);
    }

    /// <summary>
    /// Holds the log's appends and <paramref name="lockSql"/> until <paramref name="clock"/> reaches <paramref name="until"/>,
    /// and returns the statements of this database that waited on a lock meanwhile.
    /// </summary>
    private async Task<List<string>> LockWaitsWhileHoldingAsync(string lockSql, Stopwatch clock, TimeSpan until)
    {
        var waiting = new List<string>();
        await using var held = await LogAppendLock.TakeAsync(workspace.Database);
        await held.ExecuteAsync(lockSql);
        while (clock.Elapsed < until)
        {
            await Task.Delay(100);
            waiting.AddRange((await workspace.Database.RowsAsync(
                "select backend_type || ': ' || query from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'"))
                .Select(row => (string)row[0]!));
        }

        return waiting;
    }

    private Task<long> ReceiveEventsAsync(string queue) => workspace.Database.ScalarAsync<long>(
        $"select count(*) from events where action = 'ReceiveMessage' and resource_arn = 'arn:aws:sqs:us-east-1:000000000000:{queue}'");

    public async Task DisposeAsync()
    {
        client.Dispose();
        await gateway.DisposeAsync();
    }
}
