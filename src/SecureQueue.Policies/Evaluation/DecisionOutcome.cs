namespace SecureQueue.Policies.Evaluation;

/// <summary>The three IAM decisions, named as in the IAM policy simulator's <c>EvalDecision</c>.</summary>
public enum DecisionOutcome
{
    /// <summary>No statement allowed the call (the default, so an unset value denies).</summary>
    ImplicitDeny,

    /// <summary>An applicable Allow and no applicable Deny.</summary>
    Allowed,

    /// <summary>A Deny statement matched; nothing can override it.</summary>
    ExplicitDeny,
}
