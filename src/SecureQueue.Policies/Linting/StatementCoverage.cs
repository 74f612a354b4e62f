using SecureQueue.Policies.Matching;

namespace SecureQueue.Policies.Linting;

/// <summary>
/// Whether statement A applies to every request statement B applies to. Sound but incomplete: when in doubt it answers
/// false, so a shadowing finding is never wrong, only sometimes missed.
/// </summary>
internal static class StatementCoverage
{
    public static bool Covers(LintStatement a, LintStatement b, bool withConditions) =>
        PrincipalCoverage.Covers(a, b)
        && Covers(a.Compiled.Actions, a.Compiled.ActionNegated, b.Compiled.Actions, b.Compiled.ActionNegated, p => p.IsAnyRun, ActionCovers)
        && Covers(a.Compiled.Resources, a.Compiled.ResourceNegated, b.Compiled.Resources, b.Compiled.ResourceNegated, r => r.Text == "*", ResourceCovers)
        && (!withConditions || ConditionCoverage.Implies(b.Clauses, a.Clauses));

    private static bool Covers<T>(IReadOnlyList<T> a, bool aNegated, IReadOnlyList<T> b, bool bNegated, Func<T, bool> everything, Func<T, T, bool> covers) =>
        (aNegated, bNegated) switch
        {
            (false, false) => b.All(y => a.Any(x => covers(x, y))),
            // A excludes no more than B does.
            (true, true) => a.All(x => b.Any(y => covers(y, x))),
            (false, true) => a.Any(everything),
            _ => false,
        };

    // Action names are case-insensitive.
    private static bool ActionCovers(PolicyPattern x, PolicyPattern y) =>
        x.IsAnyRun
        || x.Text.Equals(y.Text, StringComparison.OrdinalIgnoreCase)
        || (!y.HasWildcards && x.Match(y.Text, null, StringComparison.OrdinalIgnoreCase) == PatternMatch.Match)
        || PrefixCovers(x.Text, y.Text, StringComparison.OrdinalIgnoreCase);

    // ARNs are case-sensitive; a pattern with a variable depends on the request, so it covers only its own text.
    private static bool ResourceCovers(ArnPattern x, ArnPattern y) =>
        x.Text == "*"
        || x.Text == y.Text
        || (!x.HasVariables && !y.HasVariables && !HasWildcard(y.Text) && x.Match(y.Text, null) == PatternMatch.Match)
        || (!x.HasVariables && PrefixCovers(x.Text, y.Text, StringComparison.Ordinal));

    /// <summary>
    /// "P*" (its only wildcard last) matches every string starting with P, and every string y matches starts with y's
    /// literal prefix; for ARNs this holds because a trailing "*" takes the rest of the ARN, colons included.
    /// </summary>
    private static bool PrefixCovers(string x, string y, StringComparison comparison)
    {
        if (!x.EndsWith('*') || HasWildcard(x[..^1]) || x.Contains("${", StringComparison.Ordinal))
        {
            return false;
        }

        var literal = y.IndexOfAny(['*', '?', '$']) is var stop and >= 0 ? y[..stop] : y;
        return literal.StartsWith(x[..^1], comparison);
    }

    private static bool HasWildcard(string text) => text.Contains('*', StringComparison.Ordinal) || text.Contains('?', StringComparison.Ordinal);
}
