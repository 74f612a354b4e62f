using SecureQueue.Policies.Documents;
using SecureQueue.Policies.Linting;

namespace SecureQueue.Policies.Tests.Linting;

/// <summary>Builds small policies and lints them; each rule test asserts one code so other findings cannot mask it.</summary>
internal static class LintTestPolicies
{
    public const string QueueArn = "arn:aws:sqs:us-east-1:111122223333:orders";

    /// <summary>The statement every queue policy should carry.</summary>
    public const string TlsDeny = """{"Sid":"DenyNonTls","Effect":"Deny","Principal":"*","Action":"sqs:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}""";

    public static string Document(params string[] statements) => $$"""{"Version":"2012-10-17","Statement":[{{string.Join(",", statements)}}]}""";

    public static string Allow(string action, string resource = QueueArn, string? condition = null) =>
        Statement("Allow", action, resource, condition);

    public static string Deny(string action, string resource = QueueArn, string? condition = null) =>
        Statement("Deny", action, resource, condition);

    /// <summary>A queue-policy statement naming <paramref name="principal"/> (JSON).</summary>
    public static string Grant(string principal, string action = "\"sqs:SendMessage\"", string? condition = null, string effect = "Allow", string principalElement = "Principal") =>
        $$"""{"Effect":"{{effect}}","{{principalElement}}":{{principal}},"Action":{{action}},"Resource":"{{QueueArn}}"{{(condition is null ? "" : $",\"Condition\":{condition}")}}}""";

    /// <summary>A Condition element with one operator and one key; <paramref name="value"/> is JSON.</summary>
    public static string Condition(string op, string key, string value) => "{\"" + op + "\":{\"" + key + "\":" + value + "}}";

    public static IReadOnlyList<LintFinding> Lint(string json, PolicyKind kind = PolicyKind.Identity) => PolicyLinter.Lint(json, "p.json", kind).Findings;

    /// <summary>The single finding with <paramref name="code"/>.</summary>
    public static LintFinding Finding(string json, string code, PolicyKind kind = PolicyKind.Identity) =>
        Assert.Single(Lint(json, kind), f => f.Code == code);

    public static void NoFinding(string json, string code, PolicyKind kind = PolicyKind.Identity) =>
        Assert.DoesNotContain(Lint(json, kind), f => f.Code == code);

    private static string Statement(string effect, string action, string resource, string? condition) =>
        $$"""{"Effect":"{{effect}}","Action":{{Quote(action)}},"Resource":{{Quote(resource)}}{{(condition is null ? "" : $",\"Condition\":{condition}")}}}""";

    // Plain names are quoted; JSON arrays and strings pass through.
    private static string Quote(string value) => value.StartsWith('[') || value.StartsWith('"') ? value : $"\"{value}\"";
}
