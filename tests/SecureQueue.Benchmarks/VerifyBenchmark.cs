using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using SecureQueue.Crypto.Signatures;
using SecureQueue.Log;
using SecureQueue.Log.Audit;
using SecureQueue.Log.Events;

namespace SecureQueue.Benchmarks;

/// <summary>
/// <c>secq audit verify</c>'s engine over a real log: writes N events the size of a 1 KiB send (through the log
/// writer, so the rows are what the gateway stores), seals them, signs a checkpoint, then times <see cref="ChainVerifier"/> once
/// on the log as written and three times after a vacuum, and reports that median rate. The target is at least 100,000 events/s.
/// </summary>
internal static class VerifyBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 300_000;
        await using var database = await TestDatabase.CreateAsync();
        await using var dataSource = LogServices.DataSource(database.ConnectionString);

        var writeClock = Stopwatch.StartNew();
        await WriteAsync(dataSource, count);
        writeClock.Stop();
        var key = CheckpointSigningKey.Generate();
        var file = Path.Combine(Path.GetTempPath(), $"secq-bench-checkpoints-{Guid.NewGuid():N}.jsonl");
        using (var checkpoints = new CheckpointService(dataSource, new CheckpointSettings(key, file, TimeSpan.FromHours(1)), TimeProvider.System, NullLogger<CheckpointService>.Instance))
        {
            await checkpoints.CheckpointAsync(CancellationToken.None);
        }

        var bytes = await database.ScalarAsync<long>("select sum(octet_length(data::text)) from mt_events");
        var verifier = new ChainVerifier(dataSource);
        // Once on the log as just written (no planner statistics, no visibility map yet), then three times as autovacuum
        // leaves it within a minute or so (its insert threshold is 1,000 rows): the figure the target is about.
        var fresh = await verifier.VerifyAsync(1, key.PublicKey.ToArray(), file, null, CancellationToken.None);
        await TestDatabase.ExecuteAsync(database.ConnectionString, "vacuum (analyze) mt_events, seals, event_lookup");
        var runs = new List<ChainReport>();
        var cpu = new List<(double Verifier, double Database)>();
        for (var run = 0; run < 3; run++)
        {
            var verifierBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var databaseBefore = Tools.PostgresProcessorTime();
            runs.Add(await verifier.VerifyAsync(1, key.PublicKey.ToArray(), file, null, CancellationToken.None));
            cpu.Add(((Process.GetCurrentProcess().TotalProcessorTime - verifierBefore).TotalMicroseconds / count,
                (Tools.PostgresProcessorTime() - databaseBefore).TotalMicroseconds / count));
        }

        File.Delete(file);
        var median = runs.OrderBy(r => r.Elapsed).ElementAt(1);
        Console.WriteLine($"events={count} data_bytes_per_event={bytes / Math.Max(1, count)} written in {writeClock.Elapsed.TotalSeconds:F1}s ({count / writeClock.Elapsed.TotalSeconds:F0}/s)");
        Console.WriteLine($"verify as written: intact={fresh.Intact} {fresh.Elapsed.TotalSeconds:F2}s rate={fresh.Events / fresh.Elapsed.TotalSeconds:F0} events/s");
        Console.WriteLine($"verify after vacuum: intact={median.Intact} checkpoint_links_checked={median.CheckedCheckpoints} " +
            $"runs={string.Join(",", runs.Select(r => r.Elapsed.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture)))}s " +
            $"median={median.Elapsed.TotalSeconds:F2}s rate={median.Events / median.Elapsed.TotalSeconds:F0} events/s");
        // The same connections serve every run after the first (pooled), so PostgreSQL's share is read from live backends.
        Console.WriteLine($"CPU per event after vacuum: verifier {Tools.Median(cpu.Select(c => c.Verifier)):F1} µs, " +
            $"PostgreSQL {Tools.Median(cpu.Select(c => c.Database)):F1} µs (medians of the three runs)");
        return runs.Append(fresh).All(r => r.Intact && r.Events == count) ? 0 : 1;
    }

    private static Task WriteAsync(NpgsqlDataSource dataSource, int count)
    {
        // A sealed 1 KiB body: ciphertext, so incompressible, in the send event's attachment; the detail points into it.
        var body = System.Security.Cryptography.RandomNumberGenerator.GetBytes(1100);
        return LogLoad.WriteAsync(dataSource, count, () => (Envelope(), "MessagesSent", SendDetail.Of(body.Length), body));
    }

    private static AuditEnvelope Envelope() =>
        new(Guid.NewGuid(), "SendMessage", "arn:aws:iam::000000000000:user/bench", "AKIABENCHMARK0000000", "127.0.0.1", "aws-sdk-js/3.700.0",
            "arn:aws:sqs:us-east-1:000000000000:bench", "Tls13", "TLS_AES_256_GCM_SHA384")
        {
            Authorization = new AuthorizationRecord("Allowed", ["identity#AllowSend"]),
        };
}
