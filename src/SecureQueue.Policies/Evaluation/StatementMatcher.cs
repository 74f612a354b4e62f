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

        if (AnyResource(statement.Resources, request, ResourceComparison(statement, request.Resource)) == statement.ResourceNegated)
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

    /// <summary>
    /// ARNs compare exactly, as in IAM, except an HTTP path's (<c>execute-api</c>): the upstream behind it may ignore case
    /// (ASP.NET Core and Express route without case by default), so <c>/Admin</c> can reach what a Deny on <c>/admin/*</c>
    /// guards. Such a resource is compared the way that refuses more: without case where a match refuses (a Deny's
    /// Resource, an Allow's NotResource), exactly where a match grants (an Allow's Resource, a Deny's NotResource).
    /// </summary>
    private static StringComparison ResourceComparison(PolicyStatement statement, string resource) =>
        (statement.Effect == PolicyEffect.Deny) != statement.ResourceNegated && IsHttpPath(resource)
            ? StringComparison.OrdinalIgnoreCase
            : StringComparison.Ordinal;

    private static bool IsHttpPath(string resource)
    {
        Span<Range> segments = stackalloc Range[ArnText.SegmentCount];
        return ArnText.Split(resource, segments) == ArnText.SegmentCount
            && resource.AsSpan()[segments[ArnText.ServiceSegment]].SequenceEqual("execute-api");
    }

    // An entry whose variable has no value matches nothing, so under NotResource it excludes nothing.
    private static bool AnyResource(IReadOnlyList<ArnPattern> resources, AuthorizationRequest request, StringComparison comparison)
    {
        foreach (var pattern in resources)
        {
            if (pattern.Match(request.Resource, request.Context, comparison) == PatternMatch.Match)
            {
                return true;
            }
        }

        return false;
    }
}
