using System.Text.Json;
using static SecureQueue.FunctionalTests.Cli.PolicyWorkspace;

namespace SecureQueue.FunctionalTests.Cli;

public sealed partial class PolicyCommandTests
{
    private const string PublicQueuePolicy = """
        {
          "Version": "2012-10-17",
          "Statement": [
            { "Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:000000000000:q" }
          ]
        }
        """;

    [Fact]
    public async Task Lint_SecurityWarnings_ExitOneWithTypedFindings()
    {
        var file = workspace.Write("queues/q.json", PublicQueuePolicy);

        var (code, output, _) = await RunAsync("lint", workspace.Root);

        Assert.Equal(1, code);
        Assert.Contains($"{file}:3:3: SECURITY_WARNING: MISSING_SECURE_TRANSPORT_DENY: ", output, StringComparison.Ordinal);
        Assert.Contains($"{file}:4:39: SECURITY_WARNING: PUBLIC_ACCESS: ", output, StringComparison.Ordinal);
        Assert.Contains("1 policy: 0 errors, 2 security warnings, 0 warnings, 0 suggestions — failed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lint_GrammarErrorAndRuleFindings_AllReportedInOnePass()
    {
        workspace.Write("identities/a.json", """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"sqs:Send","Resource":"*","Condition":{"StringEquals":{"aws:Nope":"x"}}}}""");
        workspace.Write("identities/b.json", """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"*","Condition":{"StringEqual":{"aws:username":"x"}}}}""");

        var (code, output, _) = await RunAsync("lint", workspace.Root);

        Assert.Equal(1, code);
        Assert.Contains(": ERROR: UNKNOWN_ACTION: \"sqs:Send\" matches no sqs action", output, StringComparison.Ordinal);
        Assert.Contains(": ERROR: UNKNOWN_CONDITION_KEY: \"aws:Nope\"", output, StringComparison.Ordinal);
        Assert.Contains(": ERROR: INVALID_CONDITION_OPERATOR: \"StringEqual\" is not a condition operator.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lint_WarningsOnly_PassUnlessStrict()
    {
        workspace.Write("identities/wide.json", """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"sqs:*","Resource":"*"}}""");

        var relaxed = await RunAsync("lint", workspace.Root);
        var strict = await RunAsync("lint", "--strict", workspace.Root);

        Assert.Equal(0, relaxed.Code);
        Assert.Contains(": WARNING: WILDCARD_WRITE_ACTION: ", relaxed.Output, StringComparison.Ordinal);
        Assert.Equal(1, strict.Code);
        Assert.Contains("— failed (--strict)", strict.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lint_SuggestionsNeverFail()
    {
        workspace.Write("identities/twice.json", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"*"},{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"*"}]}""");

        var (code, output, _) = await RunAsync("lint", "--strict", workspace.Root);

        Assert.Equal(0, code);
        Assert.Contains(": SUGGESTION: REDUNDANT_STATEMENT: ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lint_Json_AccessAnalyzerFindingShape()
    {
        workspace.Write("queues/q.json", PublicQueuePolicy);

        var (code, output, _) = await RunAsync("lint", "--json", workspace.Root);

        Assert.Equal(1, code);
        using var json = JsonDocument.Parse(output);
        var finding = json.RootElement.GetProperty("files")[0].GetProperty("findings").EnumerateArray()
            .Single(f => f.GetProperty("issueCode").GetString() == "PUBLIC_ACCESS");
        Assert.Equal("SECURITY_WARNING", finding.GetProperty("findingType").GetString());
        var location = finding.GetProperty("locations")[0];
        Assert.Equal("Statement[0].Principal", location.GetProperty("path").GetString());
        Assert.Equal(4, location.GetProperty("span").GetProperty("start").GetProperty("line").GetInt32());
        Assert.True(json.RootElement.GetProperty("summary").GetProperty("failed").GetBoolean());
        Assert.Equal(2, json.RootElement.GetProperty("summary").GetProperty("SECURITY_WARNING").GetInt32());
    }
}
