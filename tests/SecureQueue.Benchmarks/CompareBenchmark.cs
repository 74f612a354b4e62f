using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Npgsql;
using SecureQueue.FunctionalTests.Infrastructure;
using SecureQueue.Gateway.Authentication.SigV4;
using SecureQueue.Gateway.Tests.Authentication.SigV4;

namespace SecureQueue.Benchmarks;

/// <summary>
/// The gateway against its two yardsticks, in the same run on the same machine and PostgreSQL cluster:
/// durable single-row 1 KiB inserts with pgbench (what the database alone can take), and fauxqs (an in-memory
/// SQS emulator with no security) under the AWS SDK for JavaScript v3. Each run measures every figure once;
/// ratios are taken within a run, and the medians of <c>runs</c> runs are reported.
/// </summary>
internal static class CompareBenchmark
{
    private const int Concurrency = 32;
    private static readonly string[] SdkModes = ["send", "batch", "cycle"];

    public static async Task<int> RunAsync(string[] args)
    {
        var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 3;
        var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        var sdkModes = args.Length <= 2 ? SdkModes : args[2] == "lean" ? [] : args[2].Split(',');
        var clients = Path.Combine(ClientProcess.RepositoryRoot, "tests", "SecureQueue.Benchmarks", "clients");
        await using var database = await TestDatabase.CreateAsync();
        Console.WriteLine($"PostgreSQL: fsync={await database.ScalarAsync<string>("show fsync")} synchronous_commit={await database.ScalarAsync<string>("show synchronous_commit")}; {Environment.ProcessorCount} cores; {runs} runs of {seconds} s per figure, {Concurrency} concurrent callers");
        var files = GatewayFiles.Create();
        // The ops listener on a known port: the warm-up reads the gateway's JIT time from its /metrics.
        var ops = new Uri($"http://127.0.0.1:{TestPorts.Next()}/");
        using var gateway = await GatewayProcess.StartAsync(
            files, database.GatewayConnectionString, TestPorts.Next(), new Dictionary<string, string?> { ["SecureQueue__Ops__Url"] = ops.ToString() });
        var fauxqsPort = TestPorts.Next();
        using var fauxqs = StartFauxqs(clients, fauxqsPort);
        try
        {
            return await RunAllAsync(database, files, gateway, ops, fauxqsPort, clients, runs, seconds, sdkModes);
        }
        finally
        {
            fauxqs.Kill();
            Directory.Delete(files.Directory, recursive: true);
        }
    }

    private static async Task<int> RunAllAsync(TestDatabase database, GatewayFiles files, GatewayProcess gateway, Uri ops, int fauxqsPort, string clients, int runs, int seconds, string[] sdkModes)
    {
        var node = new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = TestIdentity.Admin.AccessKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = TestIdentity.Admin.SecretAccessKey,
            ["AWS_REGION"] = "us-east-1",
            ["NODE_EXTRA_CA_CERTS"] = files.CaFile,
            ["NODE_NO_WARNINGS"] = "1",
        };

        // Warm-up, not recorded: a fresh process spends its first seconds compiling (tiered JIT), which is not steady
        // state and takes longer on a slower machine. Each warm-up repeats until the JIT took under 1 % of the gateway's CPU.
        var warm = await LeanSendAsync(gateway, files.CaFile, 3, 0);
        await UntilCompiledAsync("lean send", gateway, ops, () => LeanSendAsync(gateway, files.CaFile, 3, 0));
        await using var bare = await ProxyBenchmark.StartAsync(files, app => app.MapGet("/000000000000/{queue}", () => Results.Text(warm.Response, "text/xml")));
        await BareAsync(bare, warm.Target, 3);
        await UntilCompiledAsync("cycle", gateway, ops, () => SdkAsync(gateway, node, clients, gateway.Endpoint.ToString(), "cycle", 3, "warm-up"));
        await SdkAsync(gateway, node, clients, gateway.Endpoint.ToString(), "drain", 3, "lean-0");
        await using var stub = await SdkStub.StartAsync(files);

        var figures = new Dictionary<string, List<double>>();
        void Record(string name, double value) => (figures.TryGetValue(name, out var list) ? list : figures[name] = []).Add(value);
        for (var run = 1; run <= runs; run++)
        {
            var (pgbench, pgbenchDatabaseCpu) = await PgbenchAsync(database, seconds);
            var lean = await LeanSendAsync(gateway, files.CaFile, seconds, run);
            var floor = await BareAsync(bare, lean.Target, seconds);
            Record("pgbench inserts/s", pgbench);
            Record("PostgreSQL CPU µs per pgbench insert", pgbenchDatabaseCpu);
            Record("lean sends/s (wrk)", lean.Rate);
            Record("lean / pgbench", lean.Rate / pgbench);
            Record("bare Kestrel TLS requests/s (wrk)", floor.Rate);
            Record("bare Kestrel / pgbench", floor.Rate / pgbench);
            Record("bare Kestrel CPU µs per request", floor.CpuMicros);
            Record("gateway CPU µs per send", lean.CpuMicros);
            Record("PostgreSQL CPU µs per send", lean.DatabaseCpuMicros);
            var drain = await SdkAsync(gateway, node, clients, gateway.Endpoint.ToString(), "drain", seconds, $"lean-{run}");
            Record("gateway CPU µs per received+deleted message", drain.CpuMicros);
            foreach (var mode in sdkModes)
            {
                var emulator = await SdkAsync(null, node, clients, $"http://127.0.0.1:{fauxqsPort}", mode, seconds, $"{mode}-{run}");
                var ours = await SdkAsync(gateway, node, clients, gateway.Endpoint.ToString(), mode, seconds, $"{mode}-{run}");
                var ceiling = await SdkAsync(null, node, clients, ProxyBenchmark.Address(stub), mode, seconds, $"{mode}-{run}");
                Record($"SDK {mode}/s fauxqs", emulator.Rate);
                Record($"SDK {mode}/s gateway", ours.Rate);
                Record($"SDK {mode} gateway / fauxqs", ours.Rate / emulator.Rate);
                Record($"SDK {mode} TLS stub / fauxqs (ceiling)", ceiling.Rate / emulator.Rate);
            }

            Console.WriteLine($"run {run}: " + string.Join(", ", figures.Select(f => $"{f.Key} {f.Value[^1]:0.###}")));
        }

        Console.WriteLine();
        Console.WriteLine("| figure | median | runs |");
        Console.WriteLine("|---|---:|---|");
        foreach (var (name, values) in figures)
        {
            Console.WriteLine($"| {name} | {Tools.Median(values):0.###} | {string.Join(" / ", values.Select(v => v.ToString("0.###", CultureInfo.InvariantCulture)))} |");
        }

        return 0;
    }

    private static async Task UntilCompiledAsync(string phase, GatewayProcess gateway, Uri ops, Func<Task> run)
    {
        using var metrics = new HttpClient { BaseAddress = ops };
        for (var round = 1; round <= 20; round++)
        {
            var (jit, cpu) = (await JitSecondsAsync(metrics), gateway.ProcessorTime);
            await run();
            var (compiling, used) = (await JitSecondsAsync(metrics) - jit, (gateway.ProcessorTime - cpu).TotalSeconds);
            Console.WriteLine(FormattableString.Invariant($"  warm-up {phase} {round}: JIT {compiling:F2} s of {used:F2} s gateway CPU"));
            if (compiling < used / 100)
            {
                return;
            }
        }
    }

    /// <summary>The gateway's JIT compilation time so far, from the runtime's metric on its ops listener.</summary>
    private static async Task<double> JitSecondsAsync(HttpClient metrics)
    {
        var text = await metrics.GetStringAsync("/metrics");
        var line = text.Split('\n').First(l => l.StartsWith("dotnet_jit_compilation_time", StringComparison.Ordinal));
        return double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
    }

    /// <summary>pgbench, 32 clients, each transaction one durable insert of a 1 KiB row: inserts/s, and PostgreSQL's CPU per insert (µs).</summary>
    private static async Task<(double Rate, double DatabaseCpuMicros)> PgbenchAsync(TestDatabase database, int seconds)
    {
        await database.ScalarAsync<int>("create table if not exists pgbench_rows (id bigserial primary key, body text not null); select 1");
        var script = Path.GetTempFileName();
        await File.WriteAllTextAsync(script, "insert into pgbench_rows (body) values (repeat('x', 1024));\n");
        var connection = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        var environment = connection.Password is { } password ? new Dictionary<string, string> { ["PGPASSWORD"] = password } : null;
        var cpu = Tools.PostgresProcessorTime();
        var output = await Tools.RunAsync(
            "pgbench",
            ["-n", "-f", script, "-c", $"{Concurrency}", "-j", "2", "-T", $"{seconds}", "-h", connection.Host!, "-p", $"{connection.Port}", "-U", connection.Username!, connection.Database!],
            environment);
        await PgbenchBackendsEndedAsync(database);
        var used = Tools.PostgresProcessorTime() - cpu;
        File.Delete(script);
        return (Tools.Number(output, "tps ="), used.TotalMicroseconds / Tools.Number(output, "number of transactions actually processed:"));
    }

    /// <summary>
    /// Waits until pgbench's backends, which end after pgbench does, have exited and been reaped. Read while one exits,
    /// its time can be in neither its own entry nor yet the postmaster's (a run once reported 34 µs per insert, not ~240).
    /// </summary>
    private static async Task PgbenchBackendsEndedAsync(TestDatabase database)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await database.ScalarAsync<long>("select count(*) from pg_stat_activity where application_name = 'pgbench'") > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        // A backend leaves pg_stat_activity just before its process exits; the postmaster reaps it as soon as it has.
        await Task.Delay(200);
    }

    /// <summary>
    /// The lean send's request replayed by wrk against a bare Kestrel host over TLS (this process, the same certificate)
    /// that answers every request with the send's response body, doing nothing else: the most any HTTPS server of this
    /// stack can answer on this machine, with both cores its own, and the CPU one such request costs it.
    /// </summary>
    private static async Task<(double Rate, double CpuMicros)> BareAsync(WebApplication bare, string target, int seconds)
    {
        var cpu = Environment.CpuUsage.TotalTime;
        var output = await Tools.RunAsync("wrk", ["-t2", $"-c{Concurrency}", $"-d{seconds}s", ProxyBenchmark.Address(bare).TrimEnd('/') + target]);
        var used = Environment.CpuUsage.TotalTime - cpu;
        var sent = double.Parse(Tools.Requests().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        return (Tools.Number(output, "Requests/sec:"), used.TotalMicroseconds / sent);
    }

    /// <summary>One presigned Query SendMessage of 1 KiB replayed by wrk over TLS keep-alive connections: the gateway with the leanest client there is.</summary>
    private static async Task<(double Rate, double CpuMicros, double DatabaseCpuMicros, string Target, string Response)> LeanSendAsync(GatewayProcess gateway, string caFile, int seconds, int run)
    {
        var queue = $"lean-{run}";
        using (var client = new SignedClient(gateway.Endpoint, caFile))
        using (var created = await client.JsonAsync("CreateQueue", $$"""{"QueueName":"{{queue}}"}""", TestIdentity.Admin))
        {
            created.EnsureSuccessStatusCode();
        }

        var signer = new SigV4TestSigner(TestIdentity.Admin.AccessKeyId, TestIdentity.Admin.SecretAccessKey, "us-east-1", "sqs");
        var target = $"/000000000000/{queue}?Action=SendMessage&MessageBody={new string('m', 1024)}&Version=2012-11-05";
        var presigned = signer.Presign(new SigV4Request("GET", target, [new("Host", gateway.Endpoint.Authority)], ReadOnlyMemory<byte>.Empty), DateTimeOffset.UtcNow, 3600);
        string response;
        using (var client = new SignedClient(gateway.Endpoint, caFile))
        using (var sent = await client.SendAsync(HttpMethod.Get, presigned.RawTarget, [], [], identity: null))
        {
            response = await sent.EnsureSuccessStatusCode().Content.ReadAsStringAsync();
        }

        var cpu = gateway.ProcessorTime;
        var database = Tools.PostgresProcessorTime();
        var output = await Tools.RunAsync("wrk", ["-t2", $"-c{Concurrency}", $"-d{seconds}s", new Uri(gateway.Endpoint, presigned.RawTarget).AbsoluteUri]);
        var used = gateway.ProcessorTime - cpu;
        var databaseUsed = Tools.PostgresProcessorTime() - database;
        if (output.Contains("Non-2xx", StringComparison.Ordinal) || output.Contains("Socket errors", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"wrk saw failed sends:\n{output}");
        }

        var sends = double.Parse(Tools.Requests().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        return (Tools.Number(output, "Requests/sec:"), used.TotalMicroseconds / sends, databaseUsed.TotalMicroseconds / sends, presigned.RawTarget, response);
    }

    private static async Task<(double Rate, double CpuMicros)> SdkAsync(
        GatewayProcess? gateway, Dictionary<string, string> environment, string clients, string endpoint, string mode, int seconds, string queue)
    {
        var cpu = gateway?.ProcessorTime ?? TimeSpan.Zero;
        var output = await Tools.RunAsync("node", ["sdk_load.mjs", endpoint, mode, $"{seconds}", $"{Concurrency}", queue], environment, clients);
        var used = (gateway?.ProcessorTime ?? TimeSpan.Zero) - cpu;
        if (Tools.Errors().Match(output).Groups[1].Value != "0")
        {
            throw new InvalidOperationException($"{mode} against {endpoint} had failed calls: {output}");
        }

        Console.WriteLine($"  {mode} against {endpoint}: {output.Trim()}");
        var rate = double.Parse(Tools.Rate().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var units = Tools.Number(output, "\"units\":");
        return (rate, used.TotalMicroseconds / Math.Max(1, units));
    }

    private static Process StartFauxqs(string clients, int port)
    {
        var start = new ProcessStartInfo("node") { WorkingDirectory = clients, RedirectStandardOutput = true };
        start.ArgumentList.Add("fauxqs_server.mjs");
        start.ArgumentList.Add($"{port}");
        var process = Process.Start(start) ?? throw new InvalidOperationException("fauxqs did not start");
        var line = process.StandardOutput.ReadLine();
        return line?.StartsWith("listening", StringComparison.Ordinal) == true ? process : throw new InvalidOperationException($"fauxqs did not start: {line}");
    }
}
