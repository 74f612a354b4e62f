using SecureQueue.Policies.Documents;

namespace SecureQueue.Policies.Evaluation;

/// <summary>The outcome of one authorization, with every statement considered and why it did or did not apply.</summary>
public sealed class Decision
{
    private readonly PolicyKind? deniedBy;
    private readonly bool missingResourceAllow;

    internal Decision(
        AuthorizationRequest request, DecisionOutcome outcome, PolicyKind? deniedBy, bool missingResourceAllow, IReadOnlyList<StatementTrace> statements)
    {
        Request = request;
        Outcome = outcome;
        this.deniedBy = deniedBy;
        this.missingResourceAllow = missingResourceAllow;
        Statements = statements;

        // As in the IAM simulator: when a Deny decides, only the Deny statements are reported as matched.
        MatchedStatements = statements
            .Where(s => s.Matched && (outcome != DecisionOutcome.ExplicitDeny || s.Effect == PolicyEffect.Deny))
            .ToArray();
    }

    public AuthorizationRequest Request { get; }

    public DecisionOutcome Outcome { get; }

    public bool IsAllowed => Outcome == DecisionOutcome.Allowed;

    /// <summary>Every statement of every policy, in evaluation order: guardrails, identity policies, then the queue policy.</summary>
    public IReadOnlyList<StatementTrace> Statements { get; }

    /// <summary>The statements that decided: the matching Denies for an explicit deny, otherwise the matching Allows.</summary>
    public IReadOnlyList<StatementTrace> MatchedStatements { get; }

    /// <summary>
    /// AWS's AccessDenied text, e.g. "User: arn:… is not authorized to perform: sqs:SendMessage on resource: arn:… because no
    /// identity-based policy allows the sqs:SendMessage action". Like AWS it names one policy type even when several denied,
    /// and omits "on resource" for account-level actions (resource <c>*</c>). Throws when the decision is Allowed.
    /// </summary>
    public string ToAccessDeniedMessage()
    {
        var action = Request.Action;
        var subject = Request.Resource is "*" or ""
            ? $"User: {Request.PrincipalArn} is not authorized to perform: {action}"
            : $"User: {Request.PrincipalArn} is not authorized to perform: {action} on resource: {Request.Resource}";
        return Outcome switch
        {
            DecisionOutcome.ExplicitDeny => $"{subject} with an explicit deny in {Phrase(deniedBy ?? PolicyKind.Identity)}",
            DecisionOutcome.ImplicitDeny when missingResourceAllow => $"{subject} because no resource-based policy allows the {action} action",
            DecisionOutcome.ImplicitDeny => $"{subject} because no identity-based policy allows the {action} action",
            _ => throw new InvalidOperationException("The request was allowed; there is no AccessDenied message."),
        };
    }

    // Guardrails play the part of SCPs, so a guardrail deny reads as AWS words an SCP deny.
    private static string Phrase(PolicyKind kind) => kind switch
    {
        PolicyKind.Guardrail => "a service control policy",
        PolicyKind.Resource => "a resource-based policy",
        _ => "an identity-based policy",
    };
}
