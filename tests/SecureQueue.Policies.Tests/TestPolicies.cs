using SecureQueue.Policies.Documents;
using SecureQueue.Policies.Evaluation;

namespace SecureQueue.Policies.Tests;

/// <summary>Parses test policies (failing the test with every error if one does not compile) and builds requests.</summary>
internal static class TestPolicies
{
    public const string Account = "111122223333";
    public const string OtherAccount = "444455556666";
    public const string Alice = "arn:aws:iam::111122223333:user/alice";
    public const string Bob = "arn:aws:iam::111122223333:user/bob";
    public const string Mallory = "arn:aws:iam::444455556666:user/mallory";
    public const string Queue = "arn:aws:sqs:us-east-1:111122223333:orders";

    public static PolicyDocument Identity(string json, string source = "identity.json") => Parse(json, PolicyKind.Identity, source);

    public static PolicyDocument Resource(string json, string source = "queue-policy.json") => Parse(json, PolicyKind.Resource, source);

    public static PolicyDocument Guardrail(string json, string source = "guardrail.json") => Parse(json, PolicyKind.Guardrail, source);

    public static PolicyDocument Parse(string json, PolicyKind kind, string source)
    {
        var result = PolicyDocument.Parse(json, source, kind);
        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Errors));
        return result.Document!;
    }

    /// <summary>The errors of a document that must not compile.</summary>
    public static IReadOnlyList<PolicyError> Errors(string json, PolicyKind kind = PolicyKind.Identity)
    {
        var result = PolicyDocument.Parse(json, "bad.json", kind);
        Assert.False(result.Succeeded);
        Assert.Null(result.Document);
        Assert.NotEmpty(result.Errors);
        return result.Errors;
    }

    /// <summary>The single error of a document that must not compile.</summary>
    public static PolicyError Error(string json, PolicyKind kind = PolicyKind.Identity) => Assert.Single(Errors(json, kind));

    /// <summary>A one-statement identity policy.</summary>
    public static PolicyDocument Statement(
        string effect = "Allow", string action = "\"sqs:SendMessage\"", string resource = "\"*\"", string? condition = null, string version = "2012-10-17")
    {
        var conditionJson = condition is null ? "" : $", \"Condition\": {condition}";
        return Identity($$"""
            { "Version": "{{version}}",
              "Statement": { "Effect": "{{effect}}", "Action": {{action}}, "Resource": {{resource}}{{conditionJson}} } }
            """);
    }

    public static AuthorizationRequest Request(
        string action = "sqs:SendMessage", string resource = Queue, string principal = Alice, RequestContext? context = null) =>
        new(principal, action, resource, context ?? RequestContext.Empty);

    public static RequestContext Context(params (string Key, string[] Values)[] entries) =>
        new(entries.Select(e => new KeyValuePair<string, IReadOnlyList<string>>(e.Key, e.Values)));

    public static RequestContext Context(string key, params string[] values) => Context((key, values));

    public static Decision Evaluate(
        AuthorizationRequest request, PolicyDocument[]? identity = null, PolicyDocument? resource = null, PolicyDocument[]? guardrails = null) =>
        PolicyEvaluator.Evaluate(request, guardrails ?? [], identity ?? [], resource);

    /// <summary>True when an Allow statement with <paramref name="condition"/> allows sqs:SendMessage in <paramref name="context"/>.</summary>
    public static bool ConditionHolds(string condition, RequestContext context, string version = "2012-10-17")
    {
        var policy = Statement(condition: condition, version: version);
        return Evaluate(Request(context: context), [policy]).IsAllowed;
    }
}
