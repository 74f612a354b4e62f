using System.Text.Json;
using static SecureQueue.FunctionalTests.Cli.PolicyWorkspace;

namespace SecureQueue.FunctionalTests.Cli;

public sealed partial class PolicyCommandTests
{
    private const string TlsGuardrail = """{"Version":"2012-10-17","Statement":{"Sid":"DenyNonTls","Effect":"Deny","Action":"*","Resource":"*","Condition":{"BoolIfExists":{"aws:SecureTransport":"false"}}}}""";

    private static string Case(string name, string expect, string secure, string extra = "") => $$"""
        {
          "name": "{{name}}",
          "principal": "arn:aws:iam::000000000000:user/p",
          "action": "sqs:SendMessage",
          "resource": "arn:aws:sqs:us-east-1:000000000000:orders",
          "context": { "aws:SecureTransport": "{{secure}}" },
          "identityPolicies": ["p.json"],
          "expect": "{{expect}}"{{extra}}
        }
        """;

    private void WriteTree(params string[] cases)
    {
        workspace.Write("guardrails/tls.json", TlsGuardrail);
        workspace.Write("identities/p.json", Allow);
        workspace.Write("identities/p.cases.json", $"[{string.Join(",", cases)}]");
    }

    [Fact]
    public async Task Test_PassingCases_OkLinesAndSummary()
    {
        WriteTree(Case("allowed over TLS", "allowed", "true", ",\"expectMatchedSid\": \"Send\""), Case("denied over HTTP", "explicitDeny", "false"));

        var (code, output, _) = await RunAsync("test", workspace.Root);

        Assert.Equal(0, code);
        Assert.Contains("  ok    allowed over TLS\n", output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("  ok    denied over HTTP\n", output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.EndsWith("PASS: 2/2", output.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Test_Mismatch_FailShowsExpectedActualAndExplanation()
    {
        WriteTree(Case("wrongly expects allow", "allowed", "false"), Case("fine", "allowed", "true"));

        var (code, output, _) = await RunAsync("test", workspace.Root);

        Assert.Equal(1, code);
        Assert.Contains("  FAIL  wrongly expects allow", output, StringComparison.Ordinal);
        Assert.Contains("expected allowed, got explicitDeny", output, StringComparison.Ordinal);
        Assert.Contains("Reason: User: arn:aws:iam::000000000000:user/p is not authorized to perform: sqs:SendMessage", output, StringComparison.Ordinal);
        Assert.Contains("guardrails/tls.json:1:37 Statement[0] (Sid DenyNonTls) Deny: matched", output, StringComparison.Ordinal);
        Assert.Contains("identities/p.json:1:38 Statement[0] (Sid Send) Allow: matched", output, StringComparison.Ordinal);
        Assert.Contains("PASS: 1/2", output, StringComparison.Ordinal);
        Assert.Contains("FAIL: 1/2", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Test_GuardrailsDefaultToTheNearestGuardrailsDirectory_EmptyListTurnsThemOff()
    {
        WriteTree(Case("guardrails off", "allowed", "false", ",\"guardrails\": []"), Case("named guardrail", "explicitDeny", "false", ",\"guardrails\": [\"../guardrails/tls.json\"]"));

        var (code, output, _) = await RunAsync("test", workspace.Path("identities/p.cases.json"));

        Assert.True(code == 0, output);
    }

    [Fact]
    public async Task Test_MissingOrInvalidPolicyFile_CaseFails()
    {
        WriteTree(Case("missing queue policy", "allowed", "true", ",\"queuePolicy\": \"../queues/nope.json\""));
        workspace.Write("identities/bad.cases.json", $"[{Case("bad guardrail", "allowed", "true", ",\"guardrails\": [\"p.json\"]")}]");

        var (code, output, _) = await RunAsync("test", workspace.Root);

        Assert.Equal(1, code);
        Assert.Contains("queues/nope.json: no such resource policy file", output, StringComparison.Ordinal);
        Assert.Contains("identities/p.json:1:61: ALLOW_IN_GUARDRAIL: ", output, StringComparison.Ordinal);
        Assert.Contains("FAIL: 2/2", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Test_CaseFileErrors_ReportedWithPositionsAndExitOne()
    {
        workspace.Write("identities/p.json", Allow);
        var file = workspace.Write("identities/p.cases.json", $"[{Case("ok", "allowed", "true", ",\"guardrails\": []")}, {{ \"name\": \"typo\", \"expected\": \"allowed\" }}]");

        var (code, output, _) = await RunAsync("test", workspace.Root);

        Assert.Equal(1, code);
        Assert.Contains($"ERROR {file}:9:4: MISSING_FIELD: The case has no \"principal\".", output, StringComparison.Ordinal);
        Assert.Contains($"ERROR {file}:9:22: UNKNOWN_FIELD: \"expected\" is not a case field", output, StringComparison.Ordinal);
        Assert.Contains("PASS: 1/1", output, StringComparison.Ordinal);
        Assert.Contains("ERROR: 5 case file errors", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Test_Json_CasesWithEvaluations()
    {
        WriteTree(Case("denied over HTTP", "explicitDeny", "false", ",\"expectMatchedSid\": \"DenyNonTls\""));

        var (code, output, _) = await RunAsync("test", "--json", workspace.Root);

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var result = json.RootElement.GetProperty("files")[0].GetProperty("cases")[0];
        Assert.Equal(("ok", "explicitDeny"), (result.GetProperty("result").GetString(), result.GetProperty("actual").GetString()));
        Assert.Equal("guardrail", result.GetProperty("evaluation").GetProperty("MatchedStatements")[0].GetProperty("SourcePolicyType").GetString());
        Assert.Equal(1, json.RootElement.GetProperty("summary").GetProperty("passed").GetInt32());
    }
}
