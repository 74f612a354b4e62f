using System.Text.Json;
using System.Text.Json.Nodes;
using SecureQueue.Cli.Commands;
using SecureQueue.FunctionalTests.Infrastructure;
using Xunit.Abstractions;

namespace SecureQueue.FunctionalTests.Export;

/// <summary>Re-running an export after more calls, after hours without any, and exporting OCSF instead of CloudTrail.</summary>
public sealed class ExportContinuationTests(ITestOutputHelper log) : IAsyncLifetime
{
    private readonly ExportWorkspace workspace = new();
    private ShiftedTimeProvider clock = null!;

    public async Task InitializeAsync()
    {
        await workspace.InitializeAsync();
        // Ten minutes into an hour, so runs a few seconds apart share one hour whenever the tests run.
        var now = DateTimeOffset.UtcNow;
        clock = new ShiftedTimeProvider { Offset = now.AddTicks(-(now.UtcTicks % TimeSpan.TicksPerHour)).AddMinutes(10) - now };
    }

    public Task DisposeAsync() => workspace.DisposeAsync();

    [Fact]
    public async Task Export_AfterMoreCallsAndEmptyHours_ContinuesChainWithoutDuplicates()
    {
        var directory = workspace.NewDirectory();
        var (code, output, _) = await workspace.ExportAsync(log, directory, clock);
        Assert.Equal(AuditCommand.Intact, code);
        var first = await workspace.LastPositionAsync();
        Assert.StartsWith($"exported {first} records (positions 1 to {first}) in 1 log files; 1 digests written", output, StringComparison.Ordinal);

        await workspace.CallAsync();
        var last = await workspace.LastPositionAsync();
        Assert.True(last > first);
        (code, output, _) = await workspace.ExportAsync(log, directory, clock);
        Assert.Equal(AuditCommand.Intact, code);
        Assert.StartsWith($"exported {last - first} records (positions {first + 1} to {last}) in 1 log files; 1 digests written", output, StringComparison.Ordinal);
        var positions = ExportWorkspace.Records(directory).Select(r => r.GetProperty("additionalEventData").GetProperty("logPosition").GetInt64()).ToList();
        Assert.Equal(Enumerable.Range(1, (int)last).Select(p => (long)p), positions);

        // Nothing new, but two hours pass: one digest closes the current hour, one covers the next, both empty.
        clock.Offset += TimeSpan.FromHours(2);
        (code, output, _) = await workspace.ExportAsync(log, directory, clock);
        Assert.Equal(AuditCommand.Intact, code);
        Assert.StartsWith($"exported 0 records (the export ends at position {last}); 2 digests written", output, StringComparison.Ordinal);
        var digests = ExportWorkspace.Digests(directory).Select(d => JsonDocument.Parse(ExportWorkspace.Gunzip(Path.Combine(directory, d))).RootElement).ToList();
        Assert.Equal(4, digests.Count);
        Assert.All(digests[2..], d => Assert.Empty(d.GetProperty("logFiles").EnumerateArray()));
        Assert.All(digests[2..], d => Assert.Equal(last, d.GetProperty("lastPosition").GetInt64()));
        Assert.EndsWith(":00:00Z", digests[2].GetProperty("digestEndTime").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, ExportWorkspace.LogFiles(directory).Count);

        (code, output, _) = await workspace.ValidateAsync(log, directory, "--connection", workspace.Gateway.Database.ConnectionString);
        Assert.Equal(AuditCommand.Intact, code);
        Assert.Contains($"valid cloudtrail export: 4 digests, 2 log files, {last} records (positions 1 to {last})", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_AfterInterruptedRun_RemovesItsFileAndExportsItsRecordsOnce()
    {
        var directory = workspace.NewDirectory();
        Assert.Equal(AuditCommand.Intact, (await workspace.ExportAsync(log, directory, clock)).Code);
        await workspace.CallAsync();

        // A run that wrote a log file (named in the state first) and stopped before its digest.
        var written = ExportWorkspace.LogFiles(directory)[0];
        var orphan = written[..written.LastIndexOf('_')] + "_interruptedRun00.json.gz";
        File.Copy(Path.Combine(directory, written), Path.Combine(directory, orphan));
        var statePath = Path.Combine(directory, "secq-export-cloudtrail.state.json");
        var state = JsonNode.Parse(await File.ReadAllTextAsync(statePath))!;
        state["pending"] = new JsonArray(orphan);
        await File.WriteAllTextAsync(statePath, state.ToJsonString());
        var (code, output, _) = await workspace.ValidateAsync(log, directory);
        Assert.Equal(AuditCommand.Tampered, code);
        Assert.Contains($"Log file {orphan} INVALID: written by an interrupted export run", output, StringComparison.Ordinal);

        Assert.Equal(AuditCommand.Intact, (await workspace.ExportAsync(log, directory, clock)).Code);
        Assert.False(File.Exists(Path.Combine(directory, orphan)));
        var last = await workspace.LastPositionAsync();
        var positions = ExportWorkspace.Records(directory).Select(r => r.GetProperty("additionalEventData").GetProperty("logPosition").GetInt64());
        Assert.Equal(Enumerable.Range(1, (int)last).Select(p => (long)p), positions);
        Assert.Equal(AuditCommand.Intact, (await workspace.ValidateAsync(log, directory)).Code);
    }

    [Fact]
    public async Task Export_Ocsf_ApiActivityLinesForAllowedDeniedAndFailedCalls()
    {
        var directory = workspace.NewDirectory();
        var (code, _, _) = await workspace.ExportAsync(log, directory, clock, "--format", "ocsf");
        Assert.Equal(AuditCommand.Intact, code);
        var file = Assert.Single(ExportWorkspace.LogFiles(directory, "OCSF"));
        Assert.Matches(@"000000000000_OCSF_us-east-1_\d{8}T\d{4}Z_[A-Za-z0-9]{16}\.ocsf\.jsonl\.gz$", file);
        var lines = System.Text.Encoding.UTF8.GetString(ExportWorkspace.Gunzip(Path.Combine(directory, file))).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var events = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(await workspace.LastPositionAsync(), events.Count);

        var ids = await workspace.Gateway.Database.RowsAsync("select id, position from events order by position");
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            Assert.Equal(6003, e.GetProperty("class_uid").GetInt32());
            Assert.Equal(6, e.GetProperty("category_uid").GetInt32());
            var activity = e.GetProperty("activity_id").GetInt32();
            Assert.Contains(activity, new[] { 0, 1, 2, 3, 4, 99 });
            Assert.Equal(600300 + activity, e.GetProperty("type_uid").GetInt32());
            Assert.InRange(e.GetProperty("time").GetInt64(), DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            Assert.Equal(JsonValueKind.Number, e.GetProperty("severity_id").ValueKind);
            Assert.Equal(JsonValueKind.Object, e.GetProperty("actor").GetProperty("user").ValueKind);
            Assert.Equal(JsonValueKind.String, e.GetProperty("actor").GetProperty("user").GetProperty("type").ValueKind);
            Assert.Equal(JsonValueKind.String, e.GetProperty("api").GetProperty("operation").ValueKind);
            Assert.Equal("sqs.amazonaws.com", e.GetProperty("api").GetProperty("service").GetProperty("name").GetString());
            Assert.Equal(JsonValueKind.String, e.GetProperty("api").GetProperty("request").GetProperty("uid").ValueKind);
            Assert.Equal("127.0.0.1", e.GetProperty("src_endpoint").GetProperty("ip").GetString());
            Assert.Equal(ExportWorkspace.UserAgent, e.GetProperty("http_request").GetProperty("user_agent").GetString());
            var metadata = e.GetProperty("metadata");
            Assert.Equal("SecureQueue", metadata.GetProperty("product").GetProperty("name").GetString());
            Assert.Equal(JsonValueKind.String, metadata.GetProperty("product").GetProperty("version").ValueKind);
            Assert.Equal("1.1.0", metadata.GetProperty("version").GetString());
            Assert.Equal(ids[i][0]!.ToString(), metadata.GetProperty("uid").GetString());
            Assert.Equal((long)ids[i][1]!, metadata.GetProperty("sequence").GetInt64());
            Assert.Equal(JsonValueKind.Object, e.GetProperty("unmapped").ValueKind);
        }

        var created = Assert.Single(events, e => e.GetProperty("api").GetProperty("operation").GetString() == "CreateQueue");
        Assert.Equal((1, 1, 1), (created.GetProperty("activity_id").GetInt32(), created.GetProperty("status_id").GetInt32(), created.GetProperty("severity_id").GetInt32()));
        Assert.Equal("Success", created.GetProperty("status").GetString());
        Assert.False(created.TryGetProperty("status_code", out _));
        Assert.Equal(TestIdentity.Admin.Arn, created.GetProperty("actor").GetProperty("user").GetProperty("uid").GetString());
        Assert.Equal("IAMUser", created.GetProperty("actor").GetProperty("user").GetProperty("type").GetString());
        Assert.Equal("Allowed", created.GetProperty("actor").GetProperty("authorizations")[0].GetProperty("decision").GetString());

        var denied = Assert.Single(events, e => e.GetProperty("api").GetProperty("operation").GetString() == "DeleteQueue");
        Assert.Equal((4, 2, 3), (denied.GetProperty("activity_id").GetInt32(), denied.GetProperty("status_id").GetInt32(), denied.GetProperty("severity_id").GetInt32()));
        Assert.Equal("AccessDenied", denied.GetProperty("status_code").GetString());
        Assert.Equal(JsonValueKind.String, denied.GetProperty("status_detail").ValueKind);
        Assert.Equal("AccessDenied", denied.GetProperty("api").GetProperty("response").GetProperty("error").GetString());
        Assert.Equal("ExplicitDeny", denied.GetProperty("actor").GetProperty("authorizations")[0].GetProperty("decision").GetString());
        Assert.Contains("NoDeleteQueue", denied.GetProperty("actor").GetProperty("authorizations")[0].GetProperty("policy").GetProperty("name").GetString(), StringComparison.Ordinal);

        var failed = Assert.Single(events, e => e.GetProperty("api").GetProperty("operation").GetString() == "GetQueueUrl");
        Assert.Equal((2, 2, 2), (failed.GetProperty("activity_id").GetInt32(), failed.GetProperty("status_id").GetInt32(), failed.GetProperty("severity_id").GetInt32()));
        Assert.Equal("Failure", failed.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.String, failed.GetProperty("status_code").ValueKind);
        Assert.NotEqual("AccessDenied", failed.GetProperty("status_code").GetString());

        var anonymous = Assert.Single(events, e => e.GetProperty("actor").GetProperty("user").GetProperty("type").GetString() == "Unknown");
        Assert.Equal((0, 2), (anonymous.GetProperty("actor").GetProperty("user").GetProperty("type_id").GetInt32(), anonymous.GetProperty("status_id").GetInt32()));

        Assert.DoesNotContain("secret order", string.Join('\n', lines), StringComparison.Ordinal);
        var (validated, output, _) = await workspace.ValidateAsync(log, directory);
        Assert.Equal(AuditCommand.Intact, validated);
        Assert.Contains($"valid ocsf export: 1 digests, 1 log files, {events.Count} records", output, StringComparison.Ordinal);
    }
}
