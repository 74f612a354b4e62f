using SecureQueue.Policies.Conditions;
using SecureQueue.Policies.Matching;

namespace SecureQueue.Policies.Documents;

/// <summary>One compiled statement. A null <see cref="Principal"/> means the element is absent (identity and guardrail policies).</summary>
internal sealed class PolicyStatement
{
    public required int Index { get; init; }

    public required string? Sid { get; init; }

    public required PolicyEffect Effect { get; init; }

    public required int Line { get; init; }

    public required int Column { get; init; }

    public PrincipalSet? Principal { get; init; }

    /// <summary>True when <see cref="Principal"/> came from NotPrincipal.</summary>
    public bool PrincipalNegated { get; init; }

    public required IReadOnlyList<PolicyPattern> Actions { get; init; }

    public bool ActionNegated { get; init; }

    public required IReadOnlyList<ArnPattern> Resources { get; init; }

    public bool ResourceNegated { get; init; }

    public required IReadOnlyList<ConditionClause> Conditions { get; init; }
}
