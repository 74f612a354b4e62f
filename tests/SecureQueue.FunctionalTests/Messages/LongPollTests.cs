using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using SecureQueue.FunctionalTests.Infrastructure;

namespace SecureQueue.FunctionalTests.Messages;

/// <summary>A long poll ends with its client: a dropped connection stops the wait, claims nothing and is audited once.</summary>
public sealed class LongPollTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>, IDisposable
{
    private readonly SignedClient client = fixture.Client();

    [Fact]
    public async Task ReceiveMessage_ClientDisconnectsDuringLongPoll_StopsWaitingAndAuditsOnce()
    {
        var name = GatewayFixture.QueueName("poll");
        using (var created = await client.JsonAsync("CreateQueue", $$"""{"QueueName":"{{name}}"}""", TestIdentity.Admin))
        {
            created.EnsureSuccessStatusCode();
        }

        var url = $"{fixture.Gateway.Endpoint}000000000000/{name}";
        using (var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(1)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.JsonAsync(
                "ReceiveMessage", $$"""{"QueueUrl":"{{url}}","WaitTimeSeconds":20}""", TestIdentity.Admin, cancellation: cancel.Token));
        }

        var disconnected = Stopwatch.StartNew();
        var events = await ReceiveEventsAsync(name, TimeSpan.FromSeconds(5));
        Assert.True(events.Count == 1, $"{events.Count} ReceiveMessage events {disconnected.Elapsed.TotalSeconds:F1} s after the client disconnected from a 20 s poll");
        var abandoned = events[0];
        Assert.Null(abandoned.ErrorCode);
        Assert.True(abandoned.Detail["clientDisconnected"]!.GetValue<bool>());
        Assert.Empty(abandoned.Detail["messages"]!.AsArray());

        // The abandoned poll must not claim, and so hide, a message sent after its client left.
        using (var sent = await client.JsonAsync("SendMessage", $$"""{"QueueUrl":"{{url}}","MessageBody":"after"}""", TestIdentity.Admin))
        {
            sent.EnsureSuccessStatusCode();
        }

        using var received = await client.JsonAsync("ReceiveMessage", $$"""{"QueueUrl":"{{url}}","WaitTimeSeconds":2}""", TestIdentity.Admin);
        var messages = JsonDocument.Parse(await received.Content.ReadAsStringAsync()).RootElement.GetProperty("Messages");
        Assert.Equal("after", Assert.Single(messages.EnumerateArray().ToList()).GetProperty("Body").GetString());
        Assert.Equal(2, (await ReceiveEventsAsync(name, TimeSpan.Zero)).Count);
    }

    /// <summary>The queue's ReceiveMessage events once at least one is written, or what there is after <paramref name="patience"/>.</summary>
    private async Task<List<(string? ErrorCode, JsonNode Detail)>> ReceiveEventsAsync(string queue, TimeSpan patience)
    {
        var until = Stopwatch.StartNew();
        while (true)
        {
            var rows = await fixture.Database.RowsAsync(
                $"select error_code, data::text from events where action = 'ReceiveMessage' and resource_arn = 'arn:aws:sqs:us-east-1:000000000000:{queue}' order by seq_id");
            if (rows.Count > 0 || until.Elapsed >= patience)
            {
                return rows.Select(r => ((string?)r[0], JsonNode.Parse((string)r[1]!)!["detail"] ?? new JsonObject())).ToList();
            }

            await Task.Delay(100);
        }
    }

    public void Dispose() => client.Dispose();
}
