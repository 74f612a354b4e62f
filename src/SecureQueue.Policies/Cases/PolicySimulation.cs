using SecureQueue.Policies.Documents;
using SecureQueue.Policies.Evaluation;
using SecureQueue.Policies.Matching;

namespace SecureQueue.Policies.Cases;

/// <summary>A decision with the simulator's <c>MissingContextValues</c>: condition keys that could have changed it but were not supplied.</summary>
public sealed record SimulationResult(Decision Decision, IReadOnlyList<string> MissingContextValues);

/// <summary>One request evaluated the way the IAM policy simulator reports it; shared by <c>secq policy simulate</c> and the case runner.</summary>
public static class PolicySimulation
{
    /// <summary>
    /// Builds a request as the gateway would see it: <c>aws:PrincipalArn</c> and <c>aws:PrincipalAccount</c> are derived from
    /// the principal (as the gateway derives them from the caller; a role session's is its role's ARN) unless
    /// <paramref name="context"/> sets them. Nothing else is
    /// defaulted — transport, source address and time must be stated, so a case never passes on a value it did not choose.
    /// </summary>
    public static AuthorizationRequest Request(string principal, string action, string resource, RequestContext context)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(context);
        var caller = PrincipalIdentity.Parse(principal, accountHint: null);
        if (caller.Type is not (PrincipalType.Anonymous or PrincipalType.Service))
        {
            context = WithDefault(context, "aws:PrincipalArn", PrincipalArnOf(caller));
            if (caller.Account is { } account)
            {
                context = WithDefault(context, "aws:PrincipalAccount", account);
            }
        }
        else if (caller.Type == PrincipalType.Anonymous)
        {
            context = WithDefault(context, "aws:PrincipalAccount", "anonymous");
        }

        return new AuthorizationRequest(principal, action, resource, context);
    }

    public static SimulationResult Run(
        AuthorizationRequest request, IReadOnlyList<PolicyDocument> guardrails, IReadOnlyList<PolicyDocument> identityPolicies, PolicyDocument? resourcePolicy)
    {
        var decision = PolicyEvaluator.Evaluate(request, guardrails, identityPolicies, resourcePolicy);
        var statements = guardrails.Concat(identityPolicies).Concat(resourcePolicy is null ? [] : [resourcePolicy]).SelectMany(p => p.Statements);

        // Traces come in evaluation order, one per statement, so they pair with the statements in the same order. Only
        // statements whose principal, action and resource matched can be changed by a condition key.
        var missing = new List<string>();
        foreach (var (statement, trace) in statements.Zip(decision.Statements))
        {
            if (trace.Mismatch is { Reason: not MismatchReason.Condition })
            {
                continue;
            }

            foreach (var clause in statement.Conditions)
            {
                if (!request.Context.TryGetValues(clause.Key, out _) && !missing.Contains(clause.Key, StringComparer.OrdinalIgnoreCase))
                {
                    missing.Add(clause.Key);
                }
            }
        }

        return new SimulationResult(decision, missing);
    }

    // For a role session aws:PrincipalArn is the role's ARN, not the session's (reference §1.4); the role's path is not
    // in the session ARN, so a role with a path must be given explicitly in the context.
    private static string PrincipalArnOf(PrincipalIdentity caller) =>
        caller is { Type: PrincipalType.AssumedRole, RoleKey: { } key } && key.Split(':') is [var partition, var account, var role]
            ? $"arn:{partition}:iam::{account}:role/{role}"
            : caller.Name;

    private static RequestContext WithDefault(RequestContext context, string key, string value) =>
        context.TryGetValues(key, out _) ? context : context.With(key, value);
}
