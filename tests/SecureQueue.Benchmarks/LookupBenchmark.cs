using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Npgsql;
using SecureQueue.FunctionalTests.Infrastructure;
using SecureQueue.Log;
using SecureQueue.Log.Events;

namespace SecureQueue.Benchmarks;

/// <summary>
/// CloudTrail LookupEvents over a large log: writes N events (default 1,000,000) through the log writer with the variety
/// of a busy gateway (mostly sends, receives and deletes by a few hundred principals on a thousand queues; some
/// management calls, lookups, failed authentications and the gateway's own events), recorded at times spread evenly over
/// the day before the run (<see cref="DayOfEvents"/>), so time windows land inside the log; seals them, analyzes, starts
/// <c>secq serve</c> on the database, and times the first page of a lookup by every attribute, for a frequent and a
/// rare value each, over HTTPS as the trail auditor. Reports the median of several runs; the target is 50 ms.
/// </summary>
internal static class LookupBenchmark
{
    private const int Users = 200;
    private const int Queues = 1000;

    public static async Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 7;
        await using var database = await TestDatabase.CreateAsync();
        await using var dataSource = LogServices.DataSource(database.ConnectionString);

        var clock = Stopwatch.StartNew();
        await WriteAsync(dataSource, count);
        var written = clock.Elapsed;
        await TestDatabase.ExecuteAsync(database.ConnectionString, "analyze mt_events; analyze seals");
        var bytes = await database.ScalarAsync<long>("select pg_total_relation_size('mt_events')");
        Console.WriteLine($"events={count} written and sealed in {written.TotalSeconds:F0}s ({count / written.TotalSeconds:F0}/s); mt_events with indexes {bytes / (1024 * 1024)} MiB");

        var eventId = await database.ScalarAsync<Guid>($"select id from mt_events order by seq_id limit 1 offset {count / 2}");
        var lookups = new (string Label, string Request)[]
        {
            ("none (newest page)", "{}"),
            ("EventId", Attribute("EventId", eventId.ToString())),
            ("EventName frequent (SendMessage)", Attribute("EventName", "SendMessage")),
            ("EventName rare (PurgeQueue)", Attribute("EventName", "PurgeQueue")),
            ("EventName absent (DeleteQueue)", Attribute("EventName", "DeleteQueue")),
            ("ReadOnly true", Attribute("ReadOnly", "true")),
            ("ReadOnly false", Attribute("ReadOnly", "false")),
            ("Username frequent", Attribute("Username", User(0))),
            ("Username rare", Attribute("Username", User(Users - 1))),
            ("ResourceType frequent (AWS::SQS::Queue)", Attribute("ResourceType", "AWS::SQS::Queue")),
            ("ResourceType rare (AWS::KMS::Key)", Attribute("ResourceType", "AWS::KMS::Key")),
            ("ResourceName frequent", Attribute("ResourceName", QueueArn(0))),
            ("ResourceName rare", Attribute("ResourceName", QueueArn(Queues - 1))),
            ("EventSource frequent (sqs)", Attribute("EventSource", "sqs.amazonaws.com")),
            ("EventSource rare (cloudtrail)", Attribute("EventSource", "cloudtrail.amazonaws.com")),
            ("AccessKeyId frequent", Attribute("AccessKeyId", AccessKey(0))),
            ("AccessKeyId rare", Attribute("AccessKeyId", AccessKey(Users - 1))),
            ("EventName rare, one-hour window", $$"""{"LookupAttributes":[{"AttributeKey":"EventName","AttributeValue":"PurgeQueue"}],"StartTime":{{DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds()}}}"""),
            ("none, the hour 12 hours ago", HalfADayAgo("{")),
            ("EventName frequent, the hour 12 hours ago", HalfADayAgo("""{"LookupAttributes":[{"AttributeKey":"EventName","AttributeValue":"SendMessage"}],""")),
            ("Username rare, the hour 12 hours ago", HalfADayAgo($$"""{"LookupAttributes":[{"AttributeKey":"Username","AttributeValue":"{{User(Users - 1)}}"}],""")),
        };

        var files = GatewayFiles.Create();
        using var gateway = await GatewayProcess.StartAsync(files, database.GatewayConnectionString, TestPorts.Next());
        using var client = new SignedClient(gateway.Endpoint, files.CaFile);
        var slowest = 0.0;
        Console.WriteLine($"first page (MaxResults 50) over HTTPS as the auditor, median of {runs} runs after one warm-up:");
        foreach (var (label, request) in lookups)
        {
            var times = new List<double>();
            var returned = 0;
            for (var run = 0; run <= runs; run++)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await client.CloudTrailAsync("LookupEvents", request, TestIdentity.Auditor);
                var body = await response.Content.ReadAsStringAsync();
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"{label}: HTTP {(int)response.StatusCode} {body}");
                }

                returned = JsonDocument.Parse(body).RootElement.GetProperty("Events").GetArrayLength();
                if (run > 0)
                {
                    times.Add(elapsed);
                }
            }

            var median = Tools.Median(times);
            slowest = Math.Max(slowest, median);
            Console.WriteLine($"  {label,-42} events={returned,2} median={median,6:F1} ms  runs={string.Join(",", times.Select(t => t.ToString("F1", CultureInfo.InvariantCulture)))}");
        }

        Console.WriteLine($"slowest median {slowest:F1} ms (target: under 50 ms)");
        Directory.Delete(files.Directory, recursive: true);
        return slowest < 50 ? 0 : 1;
    }

    /// <summary>A request (its opening, up to the window) for the hour that ended 11 hours ago: half way into the log.</summary>
    private static string HalfADayAgo(string opening) =>
        $"{opening}\"StartTime\":{DateTimeOffset.UtcNow.AddHours(-12).ToUnixTimeSeconds()},\"EndTime\":{DateTimeOffset.UtcNow.AddHours(-11).ToUnixTimeSeconds()}}}";

    private static string Attribute(string key, string value) =>
        JsonSerializer.Serialize(new { LookupAttributes = new[] { new { AttributeKey = key, AttributeValue = value } } });

    private static string User(int index) => $"user-{index:D3}";

    private static string AccessKey(int index) => $"AKIABENCH{index:D11}";

    private static string QueueArn(int index) => $"arn:aws:sqs:us-east-1:000000000000:queue-{index:D4}";

    private static Task WriteAsync(NpgsqlDataSource dataSource, int count)
    {
        // A sealed 256-byte body: ciphertext, so incompressible, in the event's attachment.
        var body = System.Security.Cryptography.RandomNumberGenerator.GetBytes(256);
        var random = new Random(20261129);
        return LogLoad.WriteAsync(dataSource, count, () =>
        {
            var (envelope, type) = Envelope(random);
            return (envelope, type, SendDetail.Of(body.Length), body);
        }, new DayOfEvents(count));
    }

    /// <summary>A writer's clock that puts <c>count</c> calls, one reading each, evenly over the day before it was made.</summary>
    private sealed class DayOfEvents(int count) : TimeProvider
    {
        private readonly DateTimeOffset start = DateTimeOffset.UtcNow.AddDays(-1);
        private readonly long step = TimeSpan.FromDays(1).Ticks / Math.Max(count, 1);
        private long readings;

        public override DateTimeOffset GetUtcNow() => start.AddTicks(step * Interlocked.Increment(ref readings));
    }

    // Skewed the way real traffic is: a few principals and queues carry most calls (index^2 over a uniform draw).
    private static int Skewed(Random random, int count) => (int)(Math.Pow(random.NextDouble(), 2) * count);

    private static (AuditEnvelope Envelope, string Type) Envelope(Random random)
    {
        var user = Skewed(random, Users);
        var queue = Skewed(random, Queues);
        var roll = random.Next(1000);
        var (action, type, readOnly, data, source) = roll switch
        {
            < 450 => ("SendMessage", "MessagesSent", false, true, "sqs.amazonaws.com"),
            < 650 => ("ReceiveMessage", "MessagesReceived", false, true, "sqs.amazonaws.com"),
            < 850 => ("DeleteMessage", "MessageDeleted", false, true, "sqs.amazonaws.com"),
            < 930 => ("GetQueueAttributes", "QueueAttributesRead", true, false, "sqs.amazonaws.com"),
            < 960 => ("GetQueueUrl", "QueueUrlRead", true, false, "sqs.amazonaws.com"),
            < 975 => ("SetQueueAttributes", "QueueAttributesSet", false, false, "sqs.amazonaws.com"),
            < 985 => ("CreateQueue", "QueueCreated", false, false, "sqs.amazonaws.com"),
            < 995 => ("LookupEvents", "EventsLookedUp", true, false, "cloudtrail.amazonaws.com"),
            < 999 => ("DataKeyCreated", "DataKeyCreated", false, false, null),
            _ => ("PurgeQueue", "QueuePurged", false, false, "sqs.amazonaws.com"),
        };
        var internalEvent = source is null;
        var failedAuthentication = !internalEvent && random.Next(200) == 0;
        var resource = internalEvent ? "arn:aws:kms:us-east-1:000000000000:alias/aws/sqs" : action == "LookupEvents" ? null : QueueArn(queue);
        var envelope = new AuditEnvelope(
            Guid.NewGuid(), action, internalEvent ? "secq:system" : failedAuthentication ? null : $"arn:aws:iam::000000000000:user/{User(user)}",
            internalEvent ? null : AccessKey(user), $"10.0.{user % 256}.{queue % 256}", "aws-sdk-js/3.700.0", resource, "TLSv1.3", "TLS_AES_256_GCM_SHA384")
        {
            EventSource = source,
            Region = "us-east-1",
            Host = "queues.example.internal",
            AuthenticationMethod = internalEvent || failedAuthentication ? null : "SigV4",
            CredentialId = internalEvent || failedAuthentication ? null : AccessKey(user),
            UserName = internalEvent || failedAuthentication ? null : User(user),
            ReadOnly = readOnly,
            DataEvent = data,
            RequestParameters = Encoding.UTF8.GetBytes(resource is null ? "{}" : $$"""{"queueUrl":"https://queues.example.internal/000000000000/queue-{{queue:D4}}"}"""),
            Authorization = failedAuthentication ? null : new AuthorizationRecord("Allowed", ["identity#Allow"]),
        };
        return (envelope, type);
    }
}
