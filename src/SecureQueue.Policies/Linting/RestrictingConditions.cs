using SecureQueue.Policies.Conditions;

namespace SecureQueue.Policies.Linting;

/// <summary>Whether a statement's conditions narrow who can call, as public-access and confused-deputy checks need.</summary>
internal static class RestrictingConditions
{
    /// <summary>Keys that identify the caller or where the call comes from (reference §1.4).</summary>
    public static readonly IReadOnlySet<string> CallerKeys = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "aws:SourceArn", "aws:SourceAccount", "aws:SourceIp", "aws:SourceVpce", "aws:SourceVpc",
        "aws:PrincipalArn", "aws:PrincipalAccount", "aws:PrincipalOrgID", "aws:userid", "aws:username",
    };

    /// <summary>The confused-deputy keys for service principals.</summary>
    public static readonly IReadOnlySet<string> SourceKeys = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "aws:SourceArn", "aws:SourceAccount",
    };

    public static bool Any(LintStatement statement, IReadOnlySet<string> keys) => statement.Clauses.Any(c => Restricts(c, keys));

    /// <summary>
    /// A clause restricts when it must see one of <paramref name="keys"/> with a bounded value. Negated operators, IfExists and
    /// ForAllValues all hold when the key is absent (an anonymous caller has no aws:PrincipalArn), and Null only tests presence.
    /// </summary>
    public static bool Restricts(LintClause clause, IReadOnlySet<string> keys)
    {
        var op = clause.Operator;
        return keys.Contains(clause.Key)
            && !op.Negated
            && !op.IfExists
            && op.Qualifier != SetQualifier.ForAllValues
            && op.Family != ConditionFamily.Null
            && clause.Values.Count > 0
            && clause.Values.All(v => IsBounded(v, op));
    }

    // "*", "arn:aws:iam::*:*" or "0.0.0.0/0" name a condition but still admit every caller.
    private static bool IsBounded(string value, ConditionOperator op) => op.Family switch
    {
        ConditionFamily.IpAddress => !value.EndsWith("/0", StringComparison.Ordinal),
        ConditionFamily.Arn => value.Split(':') is { Length: >= 5 } parts && parts[4].Length > 0 && !HasWildcard(parts[4]),
        ConditionFamily.String when op.Comparison == ValueComparison.Like => value.Trim('*', '?').Length > 0,
        _ => true,
    };

    private static bool HasWildcard(string text) => text.Contains('*', StringComparison.Ordinal) || text.Contains('?', StringComparison.Ordinal);
}
