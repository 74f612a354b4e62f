using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using SecureQueue.FunctionalTests.Infrastructure;

namespace SecureQueue.Benchmarks;

/// <summary>
/// GetQueueAttributes' message counts on a deep backlog: a queue holding N messages (default 1,000,000), 1 % of them in
/// flight, written straight into the projection and analyzed; then, against <c>secq serve</c> over HTTPS, the median time
/// of GetQueueAttributes for the three ApproximateNumberOfMessages attributes, beside the median time of the statement
/// that counted every row before the maintained counts (116_message_counts.sql), run on the same database.
/// </summary>
internal static class CountsBenchmark
{
    private const string Attributes =
        """["ApproximateNumberOfMessages","ApproximateNumberOfMessagesNotVisible","ApproximateNumberOfMessagesDelayed"]""";

    // What GetQueueAttributes ran before 116_message_counts.sql.
    private static readonly CompositeFormat EveryRow = CompositeFormat.Parse("""
        select count(*) filter (where visible_at <= now()), count(*) filter (where visible_at > now() and receive_count > 0),
               count(*) filter (where visible_at > now() and receive_count = 0)
        from queue_messages where queue_id = {0} and expires_at > now()
        """);

    public static async Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 7;
        await using var database = await TestDatabase.CreateAsync();
        var files = GatewayFiles.Create();
        using var gateway = await GatewayProcess.StartAsync(files, database.GatewayConnectionString, TestPorts.Next());
        using var client = new SignedClient(gateway.Endpoint, files.CaFile);
        string url;
        using (var created = await client.JsonAsync("CreateQueue", """{"QueueName":"deep"}""", TestIdentity.Admin))
        {
            url = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("QueueUrl").GetString()!;
        }

        var queueId = await database.ScalarAsync<long>("select queue_id from queues where name = 'deep'");
        var clock = Stopwatch.StartNew();
        await TestDatabase.ExecuteAsync(database.ConnectionString, $"""
            insert into queue_messages (queue_id, position, idx, message_id, event_id, key_id, sent_at, visible_at, expires_at, receive_count)
            select {queueId}, g, 0, gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), now(),
                   case when g % 100 = 0 then now() + interval '1 hour' else now() - interval '1 minute' end, now() + interval '4 days',
                   case when g % 100 = 0 then 1 else 0 end
            from generate_series(1, {count}) g
            """);
        await TestDatabase.ExecuteAsync(database.ConnectionString, "vacuum analyze queue_messages");
        Console.WriteLine($"messages={count} ({count / 100} in flight) written and analyzed in {clock.Elapsed.TotalSeconds:F0}s");

        var attributes = "";
        async Task GetAsync(string names)
        {
            using var response = await client.JsonAsync("GetQueueAttributes", $$"""{"QueueUrl":"{{url}}","AttributeNames":{{names}}}""", TestIdentity.Admin);
            attributes = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"GetQueueAttributes: HTTP {(int)response.StatusCode} {attributes}");
            }
        }

        var arn = await MedianAsync(runs, () => GetAsync("""["QueueArn"]"""));
        var served = await MedianAsync(runs, () => GetAsync(Attributes));
        var everyRow = await MedianAsync(runs, () => database.ScalarAsync<long>(string.Format(CultureInfo.InvariantCulture, EveryRow, queueId)));

        Console.WriteLine($"  GetQueueAttributes (QueueArn) over HTTPS median={arn,8:F1} ms");
        Console.WriteLine($"  GetQueueAttributes (counts) over HTTPS   median={served,8:F1} ms  {attributes}");
        Console.WriteLine($"  counting every row (before 116)          median={everyRow,8:F1} ms");
        Directory.Delete(files.Directory, recursive: true);
        return 0;
    }

    /// <summary>The median time of <paramref name="runs"/> calls of <paramref name="call"/>, after one warm-up call.</summary>
    private static async Task<double> MedianAsync(int runs, Func<Task> call)
    {
        var times = new List<double>();
        for (var run = 0; run <= runs; run++)
        {
            var started = Stopwatch.GetTimestamp();
            await call();
            if (run > 0)
            {
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }

        return Tools.Median(times);
    }
}
