using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using SecureQueue.Crypto.Keys;
using SecureQueue.FunctionalTests.Infrastructure;
using SecureQueue.Sqs.Messages;
using SecureQueue.Sqs.Protocol;

namespace SecureQueue.Benchmarks;

/// <summary>
/// End to end over HTTPS against <c>secq serve</c> in its own process and a real PostgreSQL: concurrent signed
/// SendMessage calls, then ReceiveMessage+DeleteMessageBatch. Reports throughput, latency, how many calls shared
/// each writer commit (group commit), the gateway's own CPU time per call (read from its process), and the share
/// of that CPU time spent sealing and opening messages.
/// </summary>
internal static class SendBenchmark
{
    private const int BodySize = 1024;

    public static async Task<int> RunAsync(string[] args)
    {
        var calls = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20_000;
        var concurrency = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 64;
        await using var bench = await BenchmarkGateway.StartAsync();
        var (database, gateway, client) = (bench.Database, bench.Gateway, bench.Client);
        var url = await bench.CreateQueueAsync("bench");
        var body = JsonSerializer.Serialize(new Dictionary<string, string> { ["QueueUrl"] = url, ["MessageBody"] = new string('m', BodySize) });
        await RepeatAsync(200, 8, async _ => (await client.JsonAsync("SendMessage", body, TestIdentity.Admin)).Dispose());

        // Every event written so far has committed: any later one draws a higher sequence number.
        var seqBefore = await database.ScalarAsync<long>("select coalesce(max(seq_id), 0) from mt_events");
        var cpuBefore = gateway.ProcessorTime;
        var (elapsed, latencies) = await RepeatAsync(calls, concurrency, async _ =>
        {
            using var response = await client.JsonAsync("SendMessage", body, TestIdentity.Admin);
            response.EnsureSuccessStatusCode();
        });
        var sendCpu = gateway.ProcessorTime - cpuBefore;
        var events = await database.ScalarAsync<long>($"select count(*) from mt_events where seq_id > {seqBefore}");
        var commits = await database.ScalarAsync<long>($"select count(distinct tx_id) from mt_events where seq_id > {seqBefore}");

        var received = 0;
        cpuBefore = gateway.ProcessorTime;
        var receiveClock = Stopwatch.StartNew();
        await RepeatAsync(calls / 10, Math.Min(concurrency, 16), async _ =>
        {
            using var response = await client.JsonAsync("ReceiveMessage", $$"""{"QueueUrl":"{{url}}","MaxNumberOfMessages":10}""", TestIdentity.Admin);
            var messages = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.TryGetProperty("Messages", out var list) ? list.EnumerateArray().ToList() : [];
            Interlocked.Add(ref received, messages.Count);
            if (messages.Count > 0)
            {
                var entries = messages.Select((m, i) => new { Id = i.ToString(CultureInfo.InvariantCulture), ReceiptHandle = m.GetProperty("ReceiptHandle").GetString() });
                using var deleted = await client.JsonAsync("DeleteMessageBatch", JsonSerializer.Serialize(new { QueueUrl = url, Entries = entries }), TestIdentity.Admin);
                deleted.EnsureSuccessStatusCode();
            }
        });
        receiveClock.Stop();
        var receiveCpu = gateway.ProcessorTime - cpuBefore;
        var (sealMicros, openMicros) = MeasureSealing();
        var lag = await SealingLagAsync(database, seqBefore);

        var sendCpuMicros = sendCpu.TotalMicroseconds / calls;
        var receiveCpuMicros = receiveCpu.TotalMicroseconds / Math.Max(1, received);
        Console.WriteLine($"calls={calls} concurrency={concurrency} body={BodySize}B gateway=separate process (secq serve)");
        Console.WriteLine($"send: throughput={calls / elapsed.TotalSeconds:F0}/s p50={latencies[calls / 2]:F2}ms p90={latencies[calls * 9 / 10]:F2}ms p99={latencies[calls * 99 / 100]:F2}ms");
        Console.WriteLine($"send: events={events} writer_commits={commits} calls_per_commit={(double)events / Math.Max(1, commits):F1}");
        Console.WriteLine($"send: gateway_cpu_per_call={sendCpuMicros:F0}us seal_per_message={sealMicros:F2}us seal_share={100 * sealMicros / sendCpuMicros:F2}%");
        Console.WriteLine($"receive+delete: messages={received} in {receiveClock.Elapsed.TotalSeconds:F2}s gateway_cpu_per_message={receiveCpuMicros:F0}us open_per_message={openMicros:F2}us open_share={100 * openMicros / receiveCpuMicros:F2}%");
        Console.WriteLine(lag);
        return events == calls ? 0 : 1;
    }

    /// <summary>
    /// From each event's writer transaction (Marten stamps the transaction's start) to its seal, over every event the
    /// load wrote: the sealer's lag at this load, which the issue bounds at 1 s.
    /// </summary>
    private static async Task<string> SealingLagAsync(TestDatabase database, long seqBefore)
    {
        for (var waited = 0; waited < 100 && await database.ScalarAsync<long>($"select count(*) from events where seq_id > {seqBefore} and position is null") > 0; waited++)
        {
            await Task.Delay(100);
        }

        var rows = await database.RowsAsync($"""
            select count(*), percentile_cont(0.5) within group (order by l), percentile_cont(0.99) within group (order by l), max(l)
            from (select extract(epoch from s.sealed_at - e.timestamp) * 1000 as l from seals s join mt_events e on e.seq_id = s.seq_id where e.seq_id > {seqBefore}) as x
            """);
        var row = rows[0];
        return FormattableString.Invariant($"sealing: events={row[0]} lag_ms p50={row[1]:F1} p99={row[2]:F1} max={row[3]:F1} (writer transaction start to seal)");
    }

    /// <summary>Runs <paramref name="count"/> calls <paramref name="concurrency"/> at a time; the wall time and each call's latency in ms, sorted.</summary>
    internal static async Task<(TimeSpan Elapsed, double[] Latencies)> RepeatAsync(int count, int concurrency, Func<int, Task> call)
    {
        var latencies = new double[count];
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var started = Stopwatch.GetTimestamp();
                await call(i);
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        }));
        Array.Sort(latencies);
        return (clock.Elapsed, latencies);
    }

    /// <summary>What the gateway does per message to seal (send) and open (receive) a 1 KiB body with two attributes.</summary>
    private static (double SealMicros, double OpenMicros) MeasureSealing()
    {
        using var key = DataKey.Generate();
        var message = new StoredMessage(Guid.NewGuid(), new string('m', BodySize), new Dictionary<string, MessageAttributeValue>
        {
            ["trace"] = new("String", "abc-123", null),
            ["n"] = new("Number", "42", null),
        }, null, null);
        const string arn = "arn:aws:sqs:us-east-1:000000000000:bench";
        const int iterations = 20_000;
        SealedMessage sealedMessage = null!;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < iterations; i++)
        {
            sealedMessage = MessageSeal.Seal(message, key, 1, arn);
        }

        var seal = clock.Elapsed.TotalMicroseconds / iterations;
        clock.Restart();
        for (var i = 0; i < iterations; i++)
        {
            if (!MessageSeal.TryOpen(sealedMessage, key, arn, out _))
            {
                throw new CryptographicException("a fresh envelope failed to open");
            }
        }

        return (seal, clock.Elapsed.TotalMicroseconds / iterations);
    }
}
