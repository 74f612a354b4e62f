using SecureQueue.Policies.Conditions;

namespace SecureQueue.Policies.Linting;

/// <summary>Whether one set of condition clauses implies another: every clause of the weaker set follows from one of the stronger.</summary>
internal static class ConditionCoverage
{
    public static bool Implies(IReadOnlyList<LintClause> stronger, IReadOnlyList<LintClause> weaker) =>
        weaker.All(w => stronger.Any(s => Implies(s, w)));

    /// <summary>
    /// Same operator and key, and values at least as permissive: values are OR-ed, so more values admit more for positive
    /// operators and fewer values admit more for negated ones (the request must differ from all). Null compares exactly.
    /// </summary>
    private static bool Implies(LintClause stronger, LintClause weaker)
    {
        if (stronger.Operator.Name != weaker.Operator.Name || !stronger.Key.Equals(weaker.Key, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var strongValues = stronger.Values.ToHashSet(StringComparer.Ordinal);
        var weakValues = weaker.Values.ToHashSet(StringComparer.Ordinal);
        return strongValues.SetEquals(weakValues)
            || (weaker.Operator.Family != ConditionFamily.Null
                && (weaker.Operator.Negated ? weakValues.IsSubsetOf(strongValues) : weakValues.IsSupersetOf(strongValues)));
    }
}
