using SecureQueue.Policies.Documents;

namespace SecureQueue.Policies.Linting;

/// <summary>
/// SHADOWED_BY_DENY and SHADOWED_STATEMENT: a statement that can never change a decision. An Allow under an unconditional
/// Deny that covers it never allows (likely a mistake); a statement covered by another of the same effect, whose
/// conditions it implies, adds nothing. Of two equivalent statements the later is reported; identical ones are left to
/// REDUNDANT_STATEMENT.
/// </summary>
internal static class ShadowedStatementRule
{
    public static void Check(LintContext context)
    {
        var statements = context.Statements;
        foreach (var b in statements)
        {
            var others = statements.Where(a => a != b && a.Canonical != b.Canonical).ToList();
            if (b.Effect == PolicyEffect.Allow
                && others.FirstOrDefault(a => a is { Effect: PolicyEffect.Deny, Clauses.Count: 0 } && StatementCoverage.Covers(a, b, withConditions: false)) is { } deny)
            {
                context.Report(
                    FindingType.Warning,
                    LintCodes.ShadowedByDeny,
                    $"{b.Label} can never allow anything: the unconditional Deny {deny.Label} covers every request it matches.",
                    b);
                continue;
            }

            var cover = others.FirstOrDefault(a => a.Effect == b.Effect
                && StatementCoverage.Covers(a, b, withConditions: true)
                && (a.Index < b.Index || !StatementCoverage.Covers(b, a, withConditions: true)));
            if (cover is not null)
            {
                context.Report(
                    FindingType.Suggestion,
                    LintCodes.ShadowedStatement,
                    $"{b.Label} never changes a decision: {cover.Label} already {(b.Effect == PolicyEffect.Allow ? "allows" : "denies")} every request it matches.",
                    b);
            }
        }
    }
}
