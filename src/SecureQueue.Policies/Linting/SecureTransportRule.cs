using SecureQueue.Policies.Conditions;
using SecureQueue.Policies.Documents;

namespace SecureQueue.Policies.Linting;

/// <summary>
/// MISSING_SECURE_TRANSPORT_DENY: a queue policy should carry its own TLS requirement, so the queue stays protected when a
/// guardrail is missing or the policy is used elsewhere. Only a Deny to everyone, on every SQS action, whose one condition
/// is <c>Bool aws:SecureTransport false</c> counts: any other condition would narrow the Deny.
/// </summary>
internal static class SecureTransportRule
{
    // Every action of a service a resource policy guards: a queue's, or a front door route's (whose one action is Invoke).
    private static readonly HashSet<string> AllActions = new(StringComparer.OrdinalIgnoreCase) { "sqs:*", "execute-api:*", "execute-api:Invoke" };

    public static void Check(LintContext context)
    {
        if (context.Kind != PolicyKind.Resource || context.Statements.Any(IsTlsDeny))
        {
            return;
        }

        var statement = context.Root.Members.First(m => m.Name == "Statement");
        context.Report(
            FindingType.SecurityWarning,
            LintCodes.MissingSecureTransportDeny,
            "The queue policy has no {\"Effect\": \"Deny\", \"Principal\": \"*\", \"Action\": \"sqs:*\", \"Condition\": {\"Bool\": {\"aws:SecureTransport\": \"false\"}}} statement; add it so plain-HTTP calls are refused whatever else allows them.",
            statement.NameOffset,
            "Statement");
    }

    private static bool IsTlsDeny(LintStatement statement) => statement.PrincipalIsEveryone && DeniesPlainHttpToAll(statement);

    /// <summary>
    /// A Deny of every SQS action whose one condition is <c>Bool aws:SecureTransport false</c>, to everyone it applies to:
    /// all principals in a queue policy, every caller in a guardrail (which has no Principal).
    /// </summary>
    internal static bool DeniesPlainHttpToAll(LintStatement statement) =>
        statement is { Effect: PolicyEffect.Deny, Compiled.PrincipalNegated: false, Compiled.ActionNegated: false, Compiled.ResourceNegated: false }
        && statement.Compiled.Actions.Any(a => a.IsAnyRun || AllActions.Contains(a.Text))
        && statement.Clauses is [{ Operator: { Family: ConditionFamily.Bool, Qualifier: SetQualifier.None } } clause]
        && clause.Key.Equals("aws:SecureTransport", StringComparison.OrdinalIgnoreCase)
        && clause.Values.All(v => bool.TryParse(v, out var secure) && !secure);
}
