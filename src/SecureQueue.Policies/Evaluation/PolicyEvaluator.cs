using SecureQueue.Policies.Documents;
using SecureQueue.Policies.Matching;

namespace SecureQueue.Policies.Evaluation;

/// <summary>Evaluates a request against guardrails, identity policies and a queue policy, following IAM's same-account logic.</summary>
public static class PolicyEvaluator
{
    /// <summary>
    /// Order of precedence: a matching Deny anywhere (guardrail, identity or queue policy) is an explicit deny; otherwise an
    /// Allow from an identity policy or from the queue policy allows — both are needed when the caller's account differs
    /// from the queue's (IAM's cross-account rule); otherwise implicit deny. A queue-policy Allow whose principal names the
    /// caller only through its account delegates and never allows on its own. Throws only for arguments of the wrong kind.
    /// </summary>
    public static Decision Evaluate(
        AuthorizationRequest request,
        IReadOnlyList<PolicyDocument> guardrails,
        IReadOnlyList<PolicyDocument> identityPolicies,
        PolicyDocument? resourcePolicy)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.PrincipalArn, nameof(request));
        ArgumentNullException.ThrowIfNull(request.Action, nameof(request));
        ArgumentNullException.ThrowIfNull(request.Resource, nameof(request));
        ArgumentNullException.ThrowIfNull(request.Context, nameof(request));
        ArgumentNullException.ThrowIfNull(guardrails);
        ArgumentNullException.ThrowIfNull(identityPolicies);
        RequireKind(guardrails, PolicyKind.Guardrail, nameof(guardrails));
        RequireKind(identityPolicies, PolicyKind.Identity, nameof(identityPolicies));
        if (resourcePolicy is not null)
        {
            RequireKind([resourcePolicy], PolicyKind.Resource, nameof(resourcePolicy));
        }

        var principal = PrincipalIdentity.Parse(request.PrincipalArn, request.PrincipalAccount);
        var resourceAccount = ArnText.AccountOf(request.Resource) ?? request.ResourceAccount;
        var ownerOnly = OwnerOnlyActions.Contains(request.Action);
        var state = new State();
        var traces = new List<StatementTrace>();

        foreach (var guardrail in guardrails)
        {
            Consider(guardrail, principal, request, traces, ref state, resourceAllowBlocker: null);
        }

        foreach (var identity in identityPolicies)
        {
            Consider(identity, principal, request, traces, ref state, resourceAllowBlocker: null);
        }

        if (resourcePolicy is not null)
        {
            var blocker = ownerOnly ? MismatchReason.OwnerOnlyAction
                : resourceAccount is null ? MismatchReason.NoResourceAccount
                : (MismatchReason?)null;
            Consider(resourcePolicy, principal, request, traces, ref state, blocker);
        }

        // Anonymous and service callers have no account: a queue policy alone can allow them, as in AWS.
        var crossAccount = principal.Account is not null && resourceAccount is not null
            && !string.Equals(principal.Account, resourceAccount, StringComparison.Ordinal);
        var allowed = crossAccount
            ? state.IdentityAllow && (state.ResourceAllow || state.AccountDelegations is not null)
            : state.IdentityAllow || state.ResourceAllow;
        if (!crossAccount && !state.IdentityAllow && state.AccountDelegations is { } delegations)
        {
            // Matched, but an account principal only delegates; with no identity Allow it granted nothing, so it is not reported as matching.
            foreach (var index in delegations)
            {
                traces[index] = traces[index] with { Mismatch = new StatementMismatch(MismatchReason.AccountPrincipalNeedsIdentityAllow) };
            }
        }

        var outcome = state.DeniedBy is not null ? DecisionOutcome.ExplicitDeny
            : allowed ? DecisionOutcome.Allowed
            : DecisionOutcome.ImplicitDeny;
        return new Decision(request, outcome, state.DeniedBy, missingResourceAllow: crossAccount && state.IdentityAllow, traces);
    }

    private static void Consider(
        PolicyDocument policy,
        PrincipalIdentity principal,
        AuthorizationRequest request,
        List<StatementTrace> traces,
        ref State state,
        MismatchReason? resourceAllowBlocker)
    {
        foreach (var statement in policy.Statements)
        {
            var mismatch = StatementMatcher.Check(statement, principal, request);
            if (mismatch is null && statement.Effect == PolicyEffect.Allow && resourceAllowBlocker is { } blocker)
            {
                // Matched, but a queue policy may not grant this; a queue-policy Deny still applies.
                mismatch = new StatementMismatch(blocker);
            }

            if (mismatch is null)
            {
                if (statement.Effect == PolicyEffect.Deny)
                {
                    state.DeniedBy ??= policy.Kind;
                }
                else if (policy.Kind == PolicyKind.Resource && !statement.PrincipalNegated && statement.Principal?.NamesOnlyAccountOf(principal) == true)
                {
                    // IAM: an account principal delegates to the account; its users and roles still need an identity-policy Allow.
                    (state.AccountDelegations ??= []).Add(traces.Count);
                }
                else if (policy.Kind == PolicyKind.Resource)
                {
                    state.ResourceAllow = true;
                }
                else
                {
                    state.IdentityAllow = true;
                }
            }

            traces.Add(new StatementTrace(
                policy.Kind, policy.Source, policy.Id, statement.Index, statement.Sid, statement.Effect, statement.Line, statement.Column, mismatch));
        }
    }

    private static void RequireKind(IReadOnlyList<PolicyDocument> policies, PolicyKind kind, string parameter)
    {
        foreach (var policy in policies)
        {
            ArgumentNullException.ThrowIfNull(policy, parameter);
            if (policy.Kind != kind)
            {
                // A policy evaluated under the wrong kind would skip that kind's rules (e.g. Principal matching), so refuse it.
                throw new ArgumentException($"Policy '{policy.Source}' is a {policy.Kind} policy, not a {kind} policy.", parameter);
            }
        }
    }

    private struct State
    {
        public PolicyKind? DeniedBy;
        public bool IdentityAllow;
        public bool ResourceAllow;
        public List<int>? AccountDelegations;
    }
}
