using SecureQueue.Policies.Conditions;
using SecureQueue.Policies.Documents;
using SecureQueue.Policies.Matching;

namespace SecureQueue.Policies.Evaluation;

/// <summary>Decides whether one statement applies to a request: principal, then action, then resource, then every condition.</summary>
internal static class StatementMatcher
{
    private static readonly StatementMismatch PrincipalMismatch = new(MismatchReason.Principal);
    private static readonly StatementMismatch ActionMismatch = new(MismatchReason.Action);
    private static readonly StatementMismatch ResourceMismatch = new(MismatchReason.Resource);

    /// <summary>Null when the statement applies; otherwise the first element that did not match.</summary>
    public static StatementMismatch? Check(PolicyStatement statement, PrincipalIdentity principal, AuthorizationRequest request)
    {
        // NotPrincipal compares exactly: a role ARN there does not exempt the role's sessions (see PrincipalSet.Matches).
        if (statement.Principal is { } principals
            && principals.Matches(principal, exactOnly: statement.PrincipalNegated) == statement.PrincipalNegated)
        {
            return PrincipalMismatch;
        }

        if (AnyAction(statement.Actions, request.Action) == statement.ActionNegated)
        {
            return ActionMismatch;
        }

        if (AnyResource(statement.Resources, request) == statement.ResourceNegated)
        {
            return ResourceMismatch;
        }

        foreach (var clause in statement.Conditions)
        {
            var outcome = clause.Evaluate(request.Context, statement.Effect);
            if (outcome != ClauseOutcome.Satisfied)
            {
                return new StatementMismatch(MismatchReason.Condition, clause.Operator.Name, clause.Key, outcome == ClauseOutcome.KeyMissing);
            }
        }

        return null;
    }

    // Action names and service prefixes are case-insensitive.
    private static bool AnyAction(IReadOnlyList<PolicyPattern> actions, string action)
    {
        foreach (var pattern in actions)
        {
            if (pattern.Match(action, null, StringComparison.OrdinalIgnoreCase) == PatternMatch.Match)
            {
                return true;
            }
        }

        return false;
    }

    // An entry whose variable has no value matches nothing, so under NotResource it excludes nothing.
    private static bool AnyResource(IReadOnlyList<ArnPattern> resources, AuthorizationRequest request)
    {
        foreach (var pattern in resources)
        {
            if (pattern.Match(request.Resource, request.Context) == PatternMatch.Match)
            {
                return true;
            }
        }

        return false;
    }
}
