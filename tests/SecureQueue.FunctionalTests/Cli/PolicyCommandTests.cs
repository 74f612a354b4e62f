using System.Text.Json;
using static SecureQueue.FunctionalTests.Cli.PolicyWorkspace;

namespace SecureQueue.FunctionalTests.Cli;

/// <summary><c>secq policy</c> on the repository's policies (what CI runs) and on temporary trees; no database involved.</summary>
public sealed partial class PolicyCommandTests : IDisposable
{
    private const string Allow = """{"Version":"2012-10-17","Statement":[{"Sid":"Send","Effect":"Allow","Action":"sqs:SendMessage","Resource":"*"}]}""";

    private readonly PolicyWorkspace workspace = new();

    public void Dispose() => workspace.Dispose();

    [Fact]
    public async Task RepositoryPolicies_Validate_AllValid()
    {
        var (code, output, error) = await RunAsync("validate", RepositoryPolicies);

        Assert.True(code == 0, output + error);
        Assert.Contains("policies/queues/orders.json (resource)", output, StringComparison.Ordinal);
        Assert.Contains("policies/guardrails/deny-non-tls.json (guardrail)", output, StringComparison.Ordinal);
        Assert.Contains("policies/dev-full-access.json (identity)", output, StringComparison.Ordinal);
        Assert.DoesNotContain("cases.json", output, StringComparison.Ordinal);
        Assert.Matches(@"\n\d+ policies: (\d+) valid, 0 invalid, 0 errors\n$", output.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task RepositoryPolicies_Lint_NoErrorsOrSecurityWarnings()
    {
        var (code, output, _) = await RunAsync("lint", RepositoryPolicies);

        Assert.True(code == 0, output);
        Assert.Contains("0 errors, 0 security warnings", output, StringComparison.Ordinal);
        Assert.DoesNotContain(": ERROR: ", output, StringComparison.Ordinal);
        Assert.DoesNotContain(": SECURITY_WARNING: ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RepositoryPolicies_Test_EveryCasePasses()
    {
        var (code, output, _) = await RunAsync("test", RepositoryPolicies);

        Assert.True(code == 0, output);
        Assert.DoesNotContain("FAIL", output, StringComparison.Ordinal);
        var summary = Assert.Single(output.Split('\n'), l => l.StartsWith("PASS: ", StringComparison.Ordinal)).Trim();
        var counts = summary["PASS: ".Length..].Split('/');
        Assert.Equal(counts[0], counts[1]);
        Assert.True(int.Parse(counts[1], System.Globalization.CultureInfo.InvariantCulture) >= 25, summary);
    }

    [Fact]
    public async Task Validate_GrammarErrors_EveryErrorWithFileLineColumnAndExitOne()
    {
        var file = workspace.Write("identities/bad.json", """
            {
              "Version": "2012-10-17",
              "Statement": [
                { "Effect": "allow", "Action": "sqs:SendMessage", "Resource": "*" },
                { "Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*", "Condition": { "StringLikes": { "aws:username": "a" } } }
              ]
            }
            """);

        var (code, output, _) = await RunAsync("validate", workspace.Root);

        Assert.Equal(1, code);
        Assert.Contains($"FAIL  {file} (identity)", output, StringComparison.Ordinal);
        Assert.Contains($"{file}:4:17: INVALID_EFFECT: ", output, StringComparison.Ordinal);
        Assert.Contains($"{file}:5:87: INVALID_CONDITION_OPERATOR: ", output, StringComparison.Ordinal);
        Assert.Contains("1 policy: 0 valid, 1 invalid, 2 errors", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("guardrails/g.json", "ALLOW_IN_GUARDRAIL")]
    [InlineData("queues/q.json", "MISSING_PRINCIPAL")]
    [InlineData("queues/nested/q.json", "MISSING_PRINCIPAL")]
    [InlineData("identities/i.json", null)]
    [InlineData("other.json", null)]
    public async Task Validate_KindFollowsDirectory(string relative, string? code)
    {
        workspace.Write(relative, Allow);

        var (exit, output, _) = await RunAsync("validate", workspace.Root);

        Assert.Equal(code is null ? 0 : 1, exit);
        if (code is not null)
        {
            Assert.Contains($": {code}: ", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Validate_KindOverride_AppliesToEveryFile()
    {
        workspace.Write("identities/i.json", Allow);

        var (code, output, _) = await RunAsync("validate", "--kind", "guardrail", workspace.Root);

        Assert.Equal(1, code);
        Assert.Contains("(guardrail)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_SkipsCaseAndIdentitiesFiles()
    {
        workspace.Write("identities/i.json", Allow);
        workspace.Write("identities/i.cases.json", "not a policy");
        workspace.Write("identities.json", """{"identities": []}""");
        workspace.Write("identities.example.json", "{}");

        var (code, output, _) = await RunAsync("validate", workspace.Root);

        Assert.Equal(0, code);
        Assert.Contains("1 policy: 1 valid", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_Json_ReportsFilesAndSummary()
    {
        workspace.Write("identities/ok.json", Allow);
        workspace.Write("identities/bad.json", """{"Statement": {"Effect": "Allow"}}""");

        var (code, output, _) = await RunAsync("validate", "--json", workspace.Root);

        Assert.Equal(1, code);
        using var json = JsonDocument.Parse(output);
        var files = json.RootElement.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal([false, true], files.Select(f => f.GetProperty("valid").GetBoolean()));
        Assert.Equal(["MISSING_ACTION", "MISSING_RESOURCE"], files[0].GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("code").GetString()));
        Assert.Equal(2, json.RootElement.GetProperty("summary").GetProperty("errors").GetInt32());
    }

    [Theory]
    [InlineData("validate")]
    [InlineData("lint")]
    [InlineData("test")]
    public async Task MissingPathOrNothingToCheck_ExitsTwo(string command)
    {
        Assert.Equal(2, (await RunAsync(command, workspace.Path("missing"))).Code);
        Assert.Equal(2, (await RunAsync(command, workspace.Root)).Code);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("validate", "--bogus")]
    [InlineData("validate", "--kind", "queue-ish")]
    [InlineData("simulate", "--principal")]
    public async Task UsageErrors_ExitTwo(params string[] args)
    {
        var (code, _, error) = await RunAsync(args);

        Assert.Equal(2, code);
        Assert.StartsWith("secq policy: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_ExitsZero() => Assert.Equal(0, (await RunAsync("--help")).Code);
}
