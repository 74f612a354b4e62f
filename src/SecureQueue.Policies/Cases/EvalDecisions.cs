using SecureQueue.Policies.Evaluation;

namespace SecureQueue.Policies.Cases;

/// <summary>The IAM policy simulator's <c>EvalDecision</c> spellings, used by case files and simulator output.</summary>
public static class EvalDecisions
{
    public const string Allowed = "allowed";
    public const string ExplicitDeny = "explicitDeny";
    public const string ImplicitDeny = "implicitDeny";

    public static string ToEvalDecision(this DecisionOutcome outcome) => outcome switch
    {
        DecisionOutcome.Allowed => Allowed,
        DecisionOutcome.ExplicitDeny => ExplicitDeny,
        _ => ImplicitDeny,
    };

    /// <summary>Parses the exact spelling (case-sensitive, as the simulator writes it).</summary>
    public static DecisionOutcome? Parse(string? text) => text switch
    {
        Allowed => DecisionOutcome.Allowed,
        ExplicitDeny => DecisionOutcome.ExplicitDeny,
        ImplicitDeny => DecisionOutcome.ImplicitDeny,
        _ => null,
    };
}
