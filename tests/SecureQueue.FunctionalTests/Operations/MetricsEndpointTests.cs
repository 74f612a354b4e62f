using System.Net;
using System.Text.Json;
using SecureQueue.FunctionalTests.Infrastructure;

namespace SecureQueue.FunctionalTests.Operations;

/// <summary>
/// <c>/metrics</c> of a real <c>secq serve</c> on real PostgreSQL, after allowed, denied, failed and unauthenticated
/// calls: the series an operator alerts on exist with exactly the documented labels, and no label carries a queue
/// name, principal, key, secret, body or attribute value.
/// </summary>
public sealed class MetricsEndpointTests(GatewayWorkspace workspace) : IClassFixture<GatewayWorkspace>
{
    private const string QueueName = "ops-metrics-queue-7f3a";
    private const string BodyMarker = "body-marker-9c41e2";
    private const string AttributeMarker = "attribute-marker-51d0";

    // Every label a SecureQueue series may have; anything else could be a channel for caller data.
    private static readonly HashSet<string> AllowedLabels =
        ["otel_scope_name", "otel_scope_version", "protocol", "service", "action", "outcome", "error_code", "state", "result", "le"];

    [Fact]
    public async Task Scrape_AfterCallsOfEveryOutcome_CountsThemWithClosedLabelsOnly()
    {
        using var started = await OpsGateway.StartAsync(workspace, settings: new Dictionary<string, string?> { ["SecureQueue__Ops__QueueDepthIntervalSeconds"] = "1" });
        using var client = new SignedClient(started.Gateway.Endpoint, workspace.Files.CaFile);
        var ops = started.Ops;

        var url = await CreateQueueAsync(client);
        var send = JsonSerializer.Serialize(new
        {
            QueueUrl = url,
            MessageBody = BodyMarker,
            MessageAttributes = new { note = new { DataType = "String", StringValue = AttributeMarker } },
        });
        Assert.Equal(HttpStatusCode.OK, (await client.JsonAsync("SendMessage", send, TestIdentity.Admin)).StatusCode);
        Assert.False((await client.JsonAsync("ReceiveMessage", $$"""{"QueueUrl":"{{url}}"}""", TestIdentity.Sender)).IsSuccessStatusCode);
        Assert.False((await client.JsonAsync("GetQueueUrl", """{"QueueName":"no-such-queue"}""", TestIdentity.Admin)).IsSuccessStatusCode);
        Assert.False((await client.QueryAsync("Action=ListQueues", null)).IsSuccessStatusCode);
        using var whoAmI = await client.SendAsync(HttpMethod.Post, "/", [new("Content-Type", "application/x-amz-json-1.0"),
            new("X-Amz-Target", "AWSSecurityTokenServiceV20110615.GetCallerIdentity")], "{}"u8.ToArray(), TestIdentity.Admin, service: "sts");
        Assert.Equal(HttpStatusCode.OK, whoAmI.StatusCode);

        var series = await WaitForAsync(ops, s => s.Any(m => m.Name == "secq_queue_messages" && m.Has(("state", "visible")) && m.Value == 1));
        Assert.Contains(series, s => s.Name == "secq_calls_total" && s.Value == 1 &&
            s.Has(("protocol", "awsJson1_0"), ("service", "sqs"), ("action", "SendMessage"), ("outcome", "allowed"), ("error_code", "none")));
        Assert.Contains(series, s => s.Name == "secq_calls_total" &&
            s.Has(("action", "ReceiveMessage"), ("outcome", "denied"), ("error_code", "AccessDenied")));
        Assert.Contains(series, s => s.Name == "secq_calls_total" &&
            s.Has(("action", "GetQueueUrl"), ("outcome", "failed"), ("error_code", "AWS.SimpleQueueService.NonExistentQueue")));
        Assert.Contains(series, s => s.Name == "secq_calls_total" &&
            s.Has(("protocol", "awsQuery"), ("action", "ListQueues"), ("outcome", "denied"), ("error_code", "MissingAuthenticationToken")));
        // A call no policy decides (it needs no permission) that succeeded is counted as allowed, like any other success.
        Assert.Contains(series, s => s.Name == "secq_calls_total" && s.Value == 1 &&
            s.Has(("service", "sts"), ("action", "GetCallerIdentity"), ("outcome", "allowed"), ("error_code", "none")));
        Assert.Contains(series, s => s.Name == "secq_call_duration_seconds_bucket" && s.Has(("action", "SendMessage"), ("le", "+Inf")) && s.Value == 1);
        foreach (var name in new[] { "secq_log_batch_size_count", "secq_log_commit_duration_seconds_count", "secq_log_sealed_events_total" })
        {
            Assert.Contains(series, s => s.Name == name && s.Value >= 1);
        }

        Assert.Contains(series, s => s.Name == "secq_log_sealing_lag_seconds");
        // Every call above has committed, so nothing is left waiting for the writer (a count that only grew would never get here).
        await WaitForAsync(ops, s => s.Any(m => m.Name == "secq_log_queued_calls" && m.Value == 0));
        Assert.Contains(series, s => s.Name == "http_server_request_duration_seconds_count");
        Assert.Contains(series, s => s.Name == "db_client_operation_duration_seconds_count" && s.Has(("db_client_connection_pool_name", "securequeue")));
        Assert.Contains(series, s => s.Name.StartsWith("dotnet_gc_", StringComparison.Ordinal));
        AssertNothingSecretIn(series, url);
    }

    [Fact]
    public async Task Scrape_DuringALongPoll_CountsItWaiting()
    {
        using var started = await OpsGateway.StartAsync(workspace);
        using var client = new SignedClient(started.Gateway.Endpoint, workspace.Files.CaFile);
        var ops = started.Ops;
        var url = await CreateQueueAsync(client, "ops-longpoll");

        var poll = client.JsonAsync("ReceiveMessage", $$"""{"QueueUrl":"{{url}}","WaitTimeSeconds":4}""", TestIdentity.Admin);
        await WaitForAsync(ops, s => s.Any(m => m.Name == "secq_receive_waiting" && m.Value == 1));
        Assert.Equal(HttpStatusCode.OK, (await poll).StatusCode);
        await WaitForAsync(ops, s => s.Any(m => m.Name == "secq_receive_waiting" && m.Value == 0));
    }

    private static async Task<string> CreateQueueAsync(SignedClient client, string name = QueueName)
    {
        using var created = await client.JsonAsync("CreateQueue", $$"""{"QueueName":"{{name}}"}""", TestIdentity.Admin);
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        using var document = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        return document.RootElement.GetProperty("QueueUrl").GetString()!;
    }

    private static async Task<IReadOnlyList<MetricSeries>> WaitForAsync(OpsClient ops, Func<IReadOnlyList<MetricSeries>, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var series = await ops.ScrapeAsync();
            if (condition(series))
            {
                return series;
            }

            Assert.True(DateTime.UtcNow < deadline, "the expected series did not appear within 20 s");
            await Task.Delay(200);
        }
    }

    private void AssertNothingSecretIn(IReadOnlyList<MetricSeries> series, string queueUrl)
    {
        var forbidden = TestIdentity.All.SelectMany(i => new[] { i.AccessKeyId, i.SecretAccessKey, i.Arn, i.Name })
            .Concat([QueueName, queueUrl, BodyMarker, AttributeMarker, workspace.Database.GatewayRole, workspace.Database.Name, File.ReadAllText(workspace.Files.MasterKeyFile).Trim()])
            .ToList();
        var password = new Npgsql.NpgsqlConnectionStringBuilder(workspace.Database.GatewayConnectionString).Password!;
        forbidden.Add(password);
        foreach (var s in series.Where(s => s.Name.StartsWith("secq_", StringComparison.Ordinal)))
        {
            Assert.All(s.Labels.Keys, label => Assert.Contains(label, AllowedLabels));
        }

        foreach (var value in series.SelectMany(s => s.Labels.Values))
        {
            Assert.DoesNotContain(forbidden, f => value.Contains(f, StringComparison.OrdinalIgnoreCase));
        }
    }
}
