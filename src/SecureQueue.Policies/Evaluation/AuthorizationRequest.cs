namespace SecureQueue.Policies.Evaluation;

/// <summary>One call to authorize: who, which IAM action (e.g. <c>sqs:SendMessage</c>), on which resource ARN, with which context keys.</summary>
/// <param name="PrincipalArn">An IAM user, role, root or role-session ARN; a service principal such as <c>sns.amazonaws.com</c>; or <see cref="Anonymous"/>.</param>
/// <param name="Resource">The queue ARN, or <c>*</c> for account-level actions such as <c>sqs:ListQueues</c>.</param>
/// <param name="Context">The condition keys; the only input conditions read (the gateway fills <c>aws:PrincipalArn</c> and the rest).</param>
public sealed record AuthorizationRequest(string PrincipalArn, string Action, string Resource, RequestContext Context)
{
    /// <summary>The principal string for unauthenticated callers; only <c>"*"</c> principals match it.</summary>
    public const string Anonymous = "anonymous";

    /// <summary>The caller's account when <see cref="PrincipalArn"/> carries none; an account in the ARN takes precedence.</summary>
    public string? PrincipalAccount { get; init; }

    /// <summary>The queue owner's account when <see cref="Resource"/> carries none; an account in the ARN takes precedence.</summary>
    public string? ResourceAccount { get; init; }
}
