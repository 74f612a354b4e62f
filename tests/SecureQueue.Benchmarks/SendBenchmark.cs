using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using SecureQueue.FunctionalTests.Infrastructure;

namespace SecureQueue.Benchmarks;

/// <summary>
/// End to end over HTTPS: concurrent signed SendMessage calls against a real gateway and PostgreSQL. Reports
/// throughput, latency percentiles and how many database commits the calls took (group commit: far fewer
/// commits than calls; every response is still only sent after its commit).
/// </summary>
internal static class SendBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var calls = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20_000;
        var concurrency = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 64;
        await using var database = await TestDatabase.CreateAsync();
        var files = GatewayFiles.Create();
        await using var gateway = await GatewayInstance.StartAsync(files, database.ConnectionString);
        using var client = new SignedClient(gateway.Endpoint, files.CaFile);
        using var created = await client.JsonAsync("CreateQueue", """{"QueueName":"bench"}""", TestIdentity.Admin);
        var url = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("QueueUrl").GetString();
        var body = JsonSerializer.Serialize(new Dictionary<string, string> { ["QueueUrl"] = url!, ["MessageBody"] = new string('m', 1024) });

        for (var i = 0; i < 200; i++)
        {
            using var warm = await client.JsonAsync("SendMessage", body, TestIdentity.Admin);
        }

        var eventsBefore = await database.ScalarAsync<long>("select last_position from log_head");
        var latencies = new double[calls];
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < calls)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await client.JsonAsync("SendMessage", body, TestIdentity.Admin);
                response.EnsureSuccessStatusCode();
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        }));
        clock.Stop();
        var events = await database.ScalarAsync<long>("select last_position from log_head") - eventsBefore;
        var commits = await database.ScalarAsync<long>($"select count(distinct tx_id) from events where position > {eventsBefore}");
        Array.Sort(latencies);

        Console.WriteLine($"calls={calls} concurrency={concurrency} body=1KiB");
        Console.WriteLine($"throughput={calls / clock.Elapsed.TotalSeconds:F0} sends/s elapsed={clock.Elapsed.TotalSeconds:F2}s");
        Console.WriteLine($"latency_ms p50={latencies[calls / 2]:F2} p90={latencies[calls * 9 / 10]:F2} p99={latencies[calls * 99 / 100]:F2} max={latencies[^1]:F2}");
        Console.WriteLine($"events={events} writer_commits={commits} calls_per_commit={(double)events / Math.Max(1, commits):F1}");
        Directory.Delete(files.Directory, recursive: true);
        return events == calls ? 0 : 1;
    }
}
