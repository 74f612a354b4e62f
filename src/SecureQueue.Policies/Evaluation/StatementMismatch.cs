namespace SecureQueue.Policies.Evaluation;

/// <summary>The element that kept a statement from applying.</summary>
public enum MismatchReason
{
    /// <summary>The caller is not named by Principal, or is named by NotPrincipal.</summary>
    Principal,

    /// <summary>The action is not in Action, or is in NotAction.</summary>
    Action,

    /// <summary>The resource is not in Resource, or is in NotResource (a variable without a value matches nothing).</summary>
    Resource,

    /// <summary>A condition clause was not satisfied.</summary>
    Condition,

    /// <summary>A queue-policy Allow for an action only the queue owner's identity policies can grant.</summary>
    OwnerOnlyAction,

    /// <summary>A queue-policy Allow for a request whose resource names no account (e.g. <c>*</c>), so no queue policy applies.</summary>
    NoResourceAccount,

    /// <summary>
    /// A same-account queue-policy Allow that names the caller only through its account: an account principal delegates
    /// to the account, so the caller also needs an identity-policy Allow (IAM's rule for account principals).
    /// </summary>
    AccountPrincipalNeedsIdentityAllow,
}

/// <summary>Why one statement did not apply: the first element that failed, and for conditions which operator and key.</summary>
public sealed record StatementMismatch(MismatchReason Reason, string? ConditionOperator = null, string? ConditionKey = null, bool ConditionKeyMissing = false)
{
    /// <summary>A one-line explanation for logs and the explain endpoint.</summary>
    public override string ToString() => Reason switch
    {
        MismatchReason.Principal => "principal does not match",
        MismatchReason.Action => "action does not match",
        MismatchReason.Resource => "resource does not match",
        MismatchReason.Condition when ConditionKeyMissing => $"condition {ConditionOperator} on {ConditionKey} failed: key not present in the request",
        MismatchReason.Condition => $"condition {ConditionOperator} on {ConditionKey} failed",
        MismatchReason.OwnerOnlyAction => "queue policies cannot grant this owner-only action",
        MismatchReason.AccountPrincipalNeedsIdentityAllow => "principal names only the caller's account, which grants nothing without an identity-policy Allow",
        _ => "no queue policy applies to a resource without an account",
    };
}
