using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Npgsql;
using SecureQueue.FunctionalTests.Infrastructure;

namespace SecureQueue.Benchmarks;

/// <summary>
/// PurgeQueue on a deep queue while another queue is used: a queue holding N messages (default 1,000,000) written
/// straight into the projection under the queue's own data key; then, against <c>secq serve</c> over HTTPS, sends to
/// another queue one after another, first alone and then for as long as the purge's call and its sweep take. Beside them,
/// on the same database, the time of the one statement that deleted the queue's rows inside a purge's call before
/// 118_batched_purge.sql, which every other call of the gateway waited behind.
/// </summary>
internal static class PurgeBenchmark
{
    private const int AloneSends = 300;

    public static async Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        await using var database = await TestDatabase.CreateAsync();
        var files = GatewayFiles.Create();
        using var gateway = await GatewayProcess.StartAsync(files, database.GatewayConnectionString, TestPorts.Next());
        using var client = new SignedClient(gateway.Endpoint, files.CaFile);
        var deep = await CreateQueueAsync(client, "deep");
        var other = await CreateQueueAsync(client, "other");
        await SendAsync(client, deep);
        var queueId = await database.ScalarAsync<long>("select queue_id from queues where name = 'deep'");
        var keyId = await database.ScalarAsync<Guid>($"select key_id from queue_messages where queue_id = {queueId}");

        var clock = Stopwatch.StartNew();
        await TestDatabase.ExecuteAsync(database.ConnectionString, $"""
            insert into queue_messages (queue_id, position, idx, message_id, event_id, key_id, sent_at, visible_at, expires_at)
            select {queueId}, -g, 0, gen_random_uuid(), gen_random_uuid(), '{keyId}', now(), now(), now() + interval '4 days'
            from generate_series(1, {count}) g
            """);
        await TestDatabase.ExecuteAsync(database.ConnectionString, "vacuum analyze queue_messages");
        Console.WriteLine($"messages={count + 1} written and analyzed in {clock.Elapsed.TotalSeconds:F0}s");

        var oneStatement = await DeleteAtOnceAsync(database.ConnectionString, queueId);
        var alone = new List<double>();
        for (var i = 0; i < AloneSends; i++)
        {
            alone.Add(await TimeAsync(() => SendAsync(client, other)));
        }

        var during = new List<double>();
        var slowestAt = 0.0;
        var started = Stopwatch.GetTimestamp();
        var purge = client.JsonAsync("PurgeQueue", $$"""{"QueueUrl":"{{deep}}"}""", TestIdentity.Admin);
        while (!purge.IsCompleted || await database.ScalarAsync<bool>($"select purging from queues where queue_id = {queueId}"))
        {
            var at = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            during.Add(await TimeAsync(() => SendAsync(client, other)));
            slowestAt = during[^1] == during.Max() ? at : slowestAt;
        }

        var swept = Stopwatch.GetElapsedTime(started).TotalSeconds;
        using (var purged = await purge)
        {
            if (!purged.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"PurgeQueue: HTTP {(int)purged.StatusCode} {await purged.Content.ReadAsStringAsync()}");
            }
        }

        var batches = await database.ScalarAsync<long>("select count(*) from events where event_type = 'MessagesPurged'");
        Console.WriteLine($"  one delete of the whole queue (before 118)   {oneStatement,8:F0} ms  (every other call waited behind it)");
        Console.WriteLine($"  purge call and sweep                         {swept * 1000,8:F0} ms  ({batches} MessagesPurged batches)");
        Console.WriteLine($"  sends to another queue, alone                median={Tools.Median(alone),6:F1} ms  p99={Percentile(alone, 0.99),6:F1} ms  max={alone.Max(),7:F1} ms  n={alone.Count}");
        Console.WriteLine($"  sends to another queue, during the purge     median={Tools.Median(during),6:F1} ms  p99={Percentile(during, 0.99),6:F1} ms  max={during.Max(),7:F1} ms  n={during.Count}  (slowest sent at +{slowestAt:F0} ms)");
        Directory.Delete(files.Directory, recursive: true);
        return 0;
    }

    /// <summary>The old purge's delete, timed and rolled back: the rows stay for the purge measured after it.</summary>
    private static async Task<double> DeleteAtOnceAsync(string connectionString, long queueId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand($"delete from queue_messages where queue_id = {queueId}", connection, transaction);
        var time = await TimeAsync(command.ExecuteNonQueryAsync);
        await transaction.RollbackAsync();
        return time;
    }

    private static async Task<string> CreateQueueAsync(SignedClient client, string name)
    {
        using var created = await client.JsonAsync("CreateQueue", $$"""{"QueueName":"{{name}}"}""", TestIdentity.Admin);
        return JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("QueueUrl").GetString()!;
    }

    private static async Task SendAsync(SignedClient client, string url)
    {
        using var sent = await client.JsonAsync("SendMessage", $$"""{"QueueUrl":"{{url}}","MessageBody":"kept"}""", TestIdentity.Admin);
        if (!sent.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"SendMessage: HTTP {(int)sent.StatusCode} {await sent.Content.ReadAsStringAsync()}");
        }
    }

    private static double Percentile(List<double> values, double fraction) =>
        values.Order().ElementAt((int)Math.Ceiling(fraction * values.Count) - 1);

    private static async Task<double> TimeAsync(Func<Task> call)
    {
        var started = Stopwatch.GetTimestamp();
        await call();
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }
}
