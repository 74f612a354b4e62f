using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using SecureQueue.FunctionalTests.Infrastructure;

namespace SecureQueue.Benchmarks;

/// <summary>
/// FIFO against standard, end to end over HTTPS against <c>secq serve</c> in its own process: the same number of 1 KiB
/// SendMessage calls at the same concurrency into a standard queue and into a FIFO queue (messages spread over
/// <c>groups</c> message groups, an explicit deduplication id each), then concurrent ReceiveMessage (10) +
/// DeleteMessageBatch until each queue is empty. Reports send and receive throughput and latency for both, and their ratio.
/// </summary>
internal static class FifoBenchmark
{
    private const int BodySize = 1024;

    public static async Task<int> RunAsync(string[] args)
    {
        var messages = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 6_000;
        var concurrency = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 32;
        var groups = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 100;
        await using var bench = await BenchmarkGateway.StartAsync();
        var client = bench.Client;
        var body = new string('m', BodySize);

        Console.WriteLine($"messages={messages} concurrency={concurrency} groups={groups} body={BodySize}B gateway=separate process (secq serve)");
        // Both kinds run twice and only the second round counts: the tiered JIT keeps compiling for tens of seconds under
        // load here, so a single round measured whichever kind ran first partly compiling.
        var results = new Dictionary<string, (double Send, double Receive)>();
        foreach (var round in new[] { "warm-up", "measured" })
        {
            foreach (var fifo in new[] { false, true })
            {
                var kind = fifo ? "fifo" : "standard";
                var url = await bench.CreateQueueAsync($"{round}-{kind}", fifo);
                var (sendTime, latencies) = await SendBenchmark.RepeatAsync(messages, concurrency, async i =>
                    await SendAsync(client, url, body, fifo ? ($"g{i % groups}", i.ToString(CultureInfo.InvariantCulture)) : null));
                var (received, receiveTime) = await DrainAsync(client, url, messages, Math.Min(concurrency, 16));
                results[kind] = (messages / sendTime.TotalSeconds, received / receiveTime.TotalSeconds);
                Console.WriteLine(FormattableString.Invariant(
                    $"{round,-8} {kind,-8} send: {messages / sendTime.TotalSeconds:F0} msg/s p50={latencies[messages / 2]:F2}ms p99={latencies[messages * 99 / 100]:F2}ms | receive+delete: {received} in {receiveTime.TotalSeconds:F2}s = {received / receiveTime.TotalSeconds:F0} msg/s"));
                if (received != messages)
                {
                    Console.Error.WriteLine($"{kind}: {received} of {messages} messages received");
                    return 1;
                }
            }
        }

        Console.WriteLine(FormattableString.Invariant(
            $"fifo/standard: send {results["fifo"].Send / results["standard"].Send:F2}, receive+delete {results["fifo"].Receive / results["standard"].Receive:F2}"));
        return 0;
    }

    private static async Task SendAsync(SignedClient client, string url, string body, (string Group, string Deduplication)? fifo)
    {
        var request = fifo is { } f
            ? JsonSerializer.Serialize(new { QueueUrl = url, MessageBody = body, MessageGroupId = f.Group, MessageDeduplicationId = f.Deduplication })
            : JsonSerializer.Serialize(new { QueueUrl = url, MessageBody = body });
        using var response = await client.JsonAsync("SendMessage", request, TestIdentity.Admin);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Receivers take 10 at a time and batch-delete until <paramref name="expected"/> messages came or a minute passed without one.</summary>
    private static async Task<(int Received, TimeSpan Elapsed)> DrainAsync(SignedClient client, string url, int expected, int receivers)
    {
        var received = 0;
        var clock = Stopwatch.StartNew();
        var lastProgress = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, receivers).Select(async _ =>
        {
            while (Volatile.Read(ref received) < expected && lastProgress.Elapsed < TimeSpan.FromMinutes(1))
            {
                using var response = await client.JsonAsync("ReceiveMessage", JsonSerializer.Serialize(new { QueueUrl = url, MaxNumberOfMessages = 10, WaitTimeSeconds = 1 }), TestIdentity.Admin);
                response.EnsureSuccessStatusCode();
                using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                var list = json.RootElement.TryGetProperty("Messages", out var found) ? found.EnumerateArray().ToList() : [];
                if (list.Count == 0)
                {
                    continue;
                }

                var entries = list.Select((m, i) => new { Id = i.ToString(CultureInfo.InvariantCulture), ReceiptHandle = m.GetProperty("ReceiptHandle").GetString() });
                using var deleted = await client.JsonAsync("DeleteMessageBatch", JsonSerializer.Serialize(new { QueueUrl = url, Entries = entries }), TestIdentity.Admin);
                deleted.EnsureSuccessStatusCode();
                Interlocked.Add(ref received, list.Count);
                lastProgress.Restart();
            }
        }));
        return (received, clock.Elapsed);
    }
}
