namespace SecureQueue.Policies.Linting;

/// <summary>REDUNDANT_STATEMENT: a statement identical to an earlier one except for its Sid adds nothing.</summary>
internal static class RedundantStatementRule
{
    public static void Check(LintContext context)
    {
        var seen = new Dictionary<string, LintStatement>(StringComparer.Ordinal);
        foreach (var statement in context.Statements)
        {
            if (!seen.TryAdd(statement.Canonical, statement))
            {
                context.Report(
                    FindingType.Suggestion,
                    LintCodes.RedundantStatement,
                    $"{statement.Label} repeats {seen[statement.Canonical].Label} except for its Sid; remove one.",
                    statement);
            }
        }
    }
}
