using System.Collections.Concurrent;
using System.Text.Json;
using Npgsql;
using SecureQueue.Cli.Commands;
using SecureQueue.FunctionalTests.Infrastructure;
using SecureQueue.Log.Migrations;
using Xunit.Abstractions;

namespace SecureQueue.FunctionalTests.Deployment;

/// <summary>
/// The gateway on a primary with a synchronous standby, through an Npgsql multi-host connection string: the standby is
/// promoted and the old primary stopped while clients send. The same gateway process goes on, every message it
/// acknowledged is still there, and the log verifies on the new primary.
/// </summary>
public sealed class FailoverTests(ITestOutputHelper log) : IAsyncLifetime
{
    private const string Database = "secq";
    private const string Role = "secq_gateway_ha";
    private const int Senders = 4;
    private StandbyPair pair = null!;
    private readonly GatewayFiles files = GatewayFiles.Create();

    public async Task InitializeAsync()
    {
        pair = await StandbyPair.StartAsync();
        await using (var admin = NpgsqlDataSource.Create($"Host=127.0.0.1;Port={pair.PrimaryPort};Username=postgres;Database=postgres"))
        {
            await admin.CreateCommand($"create database {Database}").ExecuteNonQueryAsync();
        }

        await using var owner = NpgsqlDataSource.Create(pair.OwnerConnection(Database));
        await MigrationRunner.ApplyAsync(owner, Role, CancellationToken.None);
        await owner.CreateCommand($"alter role {Role} password 'failover-test'").ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        await pair.DisposeAsync();
        Directory.Delete(files.Directory, recursive: true);
    }

    [Fact]
    public async Task Failover_StandbyPromoted_SameGatewayGoesOnAndLosesNoAcknowledgedMessage()
    {
        var connection = $"Host=127.0.0.1:{pair.PrimaryPort},127.0.0.1:{pair.StandbyPort};Database={Database};Username={Role};Password=failover-test;" +
            "Target Session Attributes=read-write";
        using var gateway = await GatewayProcess.StartAsync(files, connection, TestPorts.Next(), new Dictionary<string, string?>
        {
            ["SecureQueue__Audit__CheckpointInterval"] = "00:00:00.5",
        });
        using var client = new SignedClient(gateway.Endpoint, files.CaFile);
        using var created = await client.JsonAsync("CreateQueue", """{"QueueName":"failover"}""", TestIdentity.Admin);
        Assert.Equal(200, (int)created.StatusCode);
        var queueUrl = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("QueueUrl").GetString()!;

        var acknowledged = new ConcurrentBag<string>();
        var failures = 0;
        using var stop = new CancellationTokenSource();
        var senders = Enumerable.Range(0, Senders).Select(sender => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var body = $"m-{sender}-{i}";
                try
                {
                    using var sent = await client.JsonAsync("SendMessage", $$"""{"QueueUrl":"{{queueUrl}}","MessageBody":"{{body}}"}""", TestIdentity.Admin);
                    if ((int)sent.StatusCode == 200)
                    {
                        acknowledged.Add(body);
                        continue;
                    }
                }
                catch (HttpRequestException)
                {
                }

                // Not acknowledged: a client would retry; this one sends the next body and remembers only what was acknowledged.
                Interlocked.Increment(ref failures);
                await Task.Delay(50);
            }
        })).ToList();

        await WaitForAsync(() => acknowledged.Count >= 100, "100 acknowledged sends before the failover");
        await pair.PromoteStandbyAsync();
        await pair.StopPrimaryAsync();
        var atFailover = acknowledged.Count;
        log.WriteLine($"{DateTime.UtcNow:T} failover: {atFailover} acknowledged, {failures} not");
        await WaitForAsync(() => acknowledged.Count >= atFailover + 100, "100 more acknowledged sends after the failover, from the same gateway");
        await stop.CancelAsync();
        await Task.WhenAll(senders);
        log.WriteLine($"{acknowledged.Count} sends acknowledged, {failures} not ({atFailover} before the failover)");

        var received = await ReceiveAllAsync(client, queueUrl);
        var lost = acknowledged.Where(b => !received.Contains(b)).ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} acknowledged messages lost, e.g. {string.Join(", ", lost.Take(5))}");
        Assert.Equal(received.Count, received.Distinct().Count());

        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await AuditCommand.RunAsync(
            ["verify", "--connection", pair.OwnerConnection(Database), "--checkpoints", files.CheckpointFile, "--key", files.CheckpointKeyFile], output, error);
        log.WriteLine($"{output}{error}");
        Assert.Equal(AuditCommand.Intact, code);
    }

    private static async Task<List<string>> ReceiveAllAsync(SignedClient client, string queueUrl)
    {
        var bodies = new List<string>();
        for (var empty = 0; empty < 2;)
        {
            using var response = await client.JsonAsync(
                "ReceiveMessage", $$"""{"QueueUrl":"{{queueUrl}}","MaxNumberOfMessages":10,"WaitTimeSeconds":1,"VisibilityTimeout":600}""", TestIdentity.Admin);
            Assert.Equal(200, (int)response.StatusCode);
            var messages = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.TryGetProperty("Messages", out var list)
                ? list.EnumerateArray().Select(m => m.GetProperty("Body").GetString()!).ToList()
                : [];
            bodies.AddRange(messages);
            empty = messages.Count == 0 ? empty + 1 : 0;
        }

        return bodies;
    }

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(50);
        }
    }
}
