using SecureQueue.Policies.Evaluation;

namespace SecureQueue.Gateway.Authorization;

/// <summary>A call's authorization: the decision on the queue action and the kms decisions on the keys it uses.</summary>
public sealed record CallAuthorization(Decision Decision, IReadOnlyList<Decision> Keys)
{
    /// <summary>The call's outcome: the queue decision unless it allowed and a kms decision did not.</summary>
    public DecisionOutcome Outcome => DeniedKey?.Outcome ?? Decision.Outcome;

    /// <summary>The kms decision that refused the call, if the queue action itself was allowed.</summary>
    public Decision? DeniedKey => Keys.FirstOrDefault(k => !k.IsAllowed);
}
