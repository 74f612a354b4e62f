using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using SecureQueue.FunctionalTests.Infrastructure;

namespace SecureQueue.Benchmarks;

/// <summary>
/// Consumers that extend a message's visibility while they work (a heartbeat): each of <c>concurrency</c> callers
/// receives one message, changes its visibility twice and deletes it, over HTTPS against <c>secq serve</c> in its own
/// process. Reports the messages handled per second, each call's latency, the calls per writer commit and the
/// gateway's CPU per message. The messages are sent first and not measured.
/// </summary>
internal static class HeartbeatBenchmark
{
    private const int Heartbeats = 2;

    public static async Task<int> RunAsync(string[] args)
    {
        var messages = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 6_000;
        var concurrency = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 32;
        await using var bench = await BenchmarkGateway.StartAsync();
        var (database, gateway, client) = (bench.Database, bench.Gateway, bench.Client);
        var url = await bench.CreateQueueAsync("heartbeat");
        var body = JsonSerializer.Serialize(new Dictionary<string, string> { ["QueueUrl"] = url, ["MessageBody"] = new string('m', 1024) });
        await SendBenchmark.RepeatAsync(messages + 1_000, concurrency, async _ => (await client.JsonAsync("SendMessage", body, TestIdentity.Admin)).Dispose());

        // A first thousand messages warm the receive, visibility and delete paths up; the rest are measured.
        await SendBenchmark.RepeatAsync(1_000, concurrency, _ => HandleOneAsync(client, url, []));
        var seqBefore = await database.ScalarAsync<long>("select coalesce(max(seq_id), 0) from mt_events");
        var cpuBefore = gateway.ProcessorTime;
        var latencies = new List<double>();
        var clock = Stopwatch.StartNew();
        await SendBenchmark.RepeatAsync(messages, concurrency, _ => HandleOneAsync(client, url, latencies));
        clock.Stop();
        var cpu = gateway.ProcessorTime - cpuBefore;
        var events = await database.ScalarAsync<long>($"select count(*) from mt_events where seq_id > {seqBefore}");
        var commits = await database.ScalarAsync<long>($"select count(distinct tx_id) from mt_events where seq_id > {seqBefore}");
        var all = latencies.Order().ToArray();
        Console.WriteLine(FormattableString.Invariant(
            $"heartbeat: messages={messages} concurrency={concurrency} calls_per_message={2 + Heartbeats} throughput={messages / clock.Elapsed.TotalSeconds:F0} messages/s"));
        Console.WriteLine(FormattableString.Invariant(
            $"heartbeat: call latency p50={all[all.Length / 2]:F2}ms p90={all[all.Length * 9 / 10]:F2}ms p99={all[all.Length * 99 / 100]:F2}ms"));
        Console.WriteLine(FormattableString.Invariant(
            $"heartbeat: events={events} writer_commits={commits} calls_per_commit={(double)events / Math.Max(1, commits):F1} gateway_cpu_per_message={cpu.TotalMicroseconds / messages:F0}us"));
        return events == messages * (2 + Heartbeats) ? 0 : 1;
    }

    /// <summary>Receives one message, changes its visibility <see cref="Heartbeats"/> times, deletes it; adds each call's latency.</summary>
    private static async Task HandleOneAsync(SignedClient client, string url, List<double> latencies)
    {
        var received = await TimedAsync(client, "ReceiveMessage", JsonSerializer.Serialize(new { QueueUrl = url, MaxNumberOfMessages = 1 }), latencies);
        var handle = JsonDocument.Parse(received).RootElement.GetProperty("Messages")[0].GetProperty("ReceiptHandle").GetString();
        for (var i = 0; i < Heartbeats; i++)
        {
            await TimedAsync(client, "ChangeMessageVisibility", JsonSerializer.Serialize(new { QueueUrl = url, ReceiptHandle = handle, VisibilityTimeout = 60 }), latencies);
        }

        await TimedAsync(client, "DeleteMessage", JsonSerializer.Serialize(new { QueueUrl = url, ReceiptHandle = handle }), latencies);
    }

    private static async Task<string> TimedAsync(SignedClient client, string action, string request, List<double> latencies)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await client.JsonAsync(action, request, TestIdentity.Admin);
        response.EnsureSuccessStatusCode();
        var text = await response.Content.ReadAsStringAsync();
        lock (latencies)
        {
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return text;
    }
}
