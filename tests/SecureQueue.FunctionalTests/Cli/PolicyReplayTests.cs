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

    private async Task<(int Code, JsonElement Json)> ReplayAsync(string policies, DateTimeOffset from)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await PolicyCommand.RunAsync(
            ["replay", "--from", from.ToString("O"), "--to", DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"), "--policies", policies,
             "--identities", fixture.Files.IdentitiesFile, "--connection", fixture.Database.ConnectionString, "--json"],
            output, error);
        Assert.True(error.ToString().Length == 0, error.ToString());
        return (code, JsonDocument.Parse(output.ToString()).RootElement.Clone());
    }
}
