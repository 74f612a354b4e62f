using System.Text.Json;
using SecureQueue.Cli.Commands;
using SecureQueue.FunctionalTests.Infrastructure;

namespace SecureQueue.FunctionalTests.Cli;

/// <summary><c>secq policy replay</c> over real audited traffic: which decisions a proposed policy change would flip.</summary>
public sealed class PolicyReplayTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task Replay_ProposedChange_ListsNewlyAllowedAndNewlyDenied()
    {
        var from = DateTimeOffset.UtcNow.AddSeconds(-1);
        using var client = fixture.Client();
        using (var denied = await client.JsonAsync("ListQueues", "{}", TestIdentity.Sender))
        {
            Assert.Equal(403, (int)denied.StatusCode);
        }

        using (var allowed = await client.JsonAsync("CreateQueue", $$"""{"QueueName":"{{GatewayFixture.QueueName()}}"}""", TestIdentity.Admin))
        {
            Assert.Equal(200, (int)allowed.StatusCode);
        }

        var unchanged = await ReplayAsync(fixture.Files.PoliciesDirectory, from);
        Assert.Equal(PolicyCommand.Ok, unchanged.Code);
        Assert.Equal(0, unchanged.Json.GetProperty("changes").GetArrayLength());
        Assert.True(unchanged.Json.GetProperty("replayed").GetInt32() >= 2);

        var proposed = Directory.CreateTempSubdirectory("secq-proposed-").FullName;
        foreach (var file in Directory.GetFiles(fixture.Files.PoliciesDirectory))
        {
            File.Copy(file, Path.Combine(proposed, Path.GetFileName(file)));
        }

        File.WriteAllText(Path.Combine(proposed, "sender.json"),
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sqs:SendMessage","sqs:ListQueues"],"Resource":"*"}]}""");
        File.WriteAllText(Path.Combine(proposed, "admin.json"),
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:*","Resource":"*"},{"Sid":"NoNewQueues","Effect":"Deny","Action":"sqs:CreateQueue","Resource":"*"}]}""");
        var changed = await ReplayAsync(proposed, from);
        Directory.Delete(proposed, recursive: true);

        Assert.Equal(PolicyCommand.Findings, changed.Code);
        var changes = changed.Json.GetProperty("changes").EnumerateArray()
            .Select(c => (c.GetProperty("principal").GetString(), c.GetProperty("action").GetString(), c.GetProperty("recorded").GetString(), c.GetProperty("proposed").GetString()))
            .ToList();
        Assert.Contains((TestIdentity.Sender.Arn, "sqs:ListQueues", "ImplicitDeny", "Allowed"), changes);
        Assert.Contains((TestIdentity.Admin.Arn, "sqs:CreateQueue", "Allowed", "ExplicitDeny"), changes);
    }

    [Fact]
    public async Task Replay_TextOutput_RowWithNewlineAndAnsiEscape_PrintedEscaped()
    {
        // A row as written before audited text was escaped at the source: its resource holds a newline and an ANSI escape.
        var from = DateTimeOffset.UtcNow.AddSeconds(-1);
        var stream = $"forged@{Guid.NewGuid():N}";
        await TestDatabase.ExecuteAsync(fixture.Database.ConnectionString,
            $"""
            insert into mt_streams (id, version) values ('{stream}', 1);
            insert into mt_events (seq_id, id, stream_id, version, data, type, timestamp, mt_dotnet_type, correlation_id)
            values (nextval('mt_events_sequence'), gen_random_uuid(), '{stream}', 1,
                    jsonb_build_object('v', 1, 'type', 'QueueCreated', 'time', to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                        'requestId', gen_random_uuid(), 'action', 'CreateQueue', 'principalArn', '{TestIdentity.Admin.Arn}', 'sourceIp', '127.0.0.1',
                        'resourceArn', E'arn:aws:sqs:us-east-1:000000000000:q\nFORGED LINE \u001b[2J',
                        'authorization', jsonb_build_object('decision', 'Allowed', 'matchedStatements', jsonb_build_array())),
                    'call_recorded', now(), 'SecureQueue.Log.Events.CallRecorded, SecureQueue.Log', gen_random_uuid()::text)
            """);
        var proposed = Directory.CreateTempSubdirectory("secq-proposed-").FullName;
        foreach (var file in Directory.GetFiles(fixture.Files.PoliciesDirectory))
        {
            File.Copy(file, Path.Combine(proposed, Path.GetFileName(file)));
        }

        File.WriteAllText(Path.Combine(proposed, "admin.json"),
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:*","Resource":"*"},{"Sid":"NoNewQueues","Effect":"Deny","Action":"sqs:CreateQueue","Resource":"*"}]}""");
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await PolicyCommand.RunAsync(
            ["replay", "--from", from.ToString("O"), "--to", DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"), "--policies", proposed,
             "--identities", fixture.Files.IdentitiesFile, "--connection", fixture.Database.GatewayConnectionString],
            output, error);
        Directory.Delete(proposed, recursive: true);

        Assert.Equal(PolicyCommand.Findings, code);
        var text = output.ToString();
        Assert.DoesNotContain('\u001b', text);
        Assert.DoesNotContain(text.Split('\n'), line => line.StartsWith("FORGED", StringComparison.Ordinal));
        Assert.Contains(@"q\u000aFORGED LINE \u001b[2J", text, StringComparison.Ordinal);
    }

    private async Task<(int Code, JsonElement Json)> ReplayAsync(string policies, DateTimeOffset from)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await PolicyCommand.RunAsync(
            ["replay", "--from", from.ToString("O"), "--to", DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"), "--policies", policies,
             "--identities", fixture.Files.IdentitiesFile, "--connection", fixture.Database.GatewayConnectionString, "--json"],
            output, error);
        Assert.True(error.ToString().Length == 0, error.ToString());
        return (code, JsonDocument.Parse(output.ToString()).RootElement.Clone());
    }
}
