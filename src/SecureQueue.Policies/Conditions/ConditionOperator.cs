using System.Collections.Frozen;
using SecureQueue.Policies.Documents;
using SecureQueue.Policies.Matching;

namespace SecureQueue.Policies.Conditions;

/// <summary>The operator families of the IAM condition language.</summary>
internal enum ConditionFamily
{
    String,
    Numeric,
    Date,
    Bool,
    Binary,
    IpAddress,
    Arn,
    Null,
}

/// <summary>How a request value is compared with a policy value (request on the left: LessThan means request &lt; policy).</summary>
internal enum ValueComparison
{
    Equals,
    EqualsIgnoreCase,
    Like,
    LessThan,
    LessThanEquals,
    GreaterThan,
    GreaterThanEquals,
}

/// <summary>The set qualifiers for multivalued keys.</summary>
internal enum SetQualifier
{
    None,
    ForAllValues,
    ForAnyValue,
}

/// <summary>A parsed operator name such as <c>ForAnyValue:StringNotLikeIfExists</c>.</summary>
internal sealed record ConditionOperator(
    string Name, ConditionFamily Family, ValueComparison Comparison, bool Negated, bool IfExists, SetQualifier Qualifier)
{
    private const string IfExistsSuffix = "IfExists";

    private static readonly FrozenDictionary<string, (ConditionFamily Family, ValueComparison Comparison, bool Negated)> BaseOperators =
        new Dictionary<string, (ConditionFamily, ValueComparison, bool)>(StringComparer.Ordinal)
        {
            ["StringEquals"] = (ConditionFamily.String, ValueComparison.Equals, false),
            ["StringNotEquals"] = (ConditionFamily.String, ValueComparison.Equals, true),
            ["StringEqualsIgnoreCase"] = (ConditionFamily.String, ValueComparison.EqualsIgnoreCase, false),
            ["StringNotEqualsIgnoreCase"] = (ConditionFamily.String, ValueComparison.EqualsIgnoreCase, true),
            ["StringLike"] = (ConditionFamily.String, ValueComparison.Like, false),
            ["StringNotLike"] = (ConditionFamily.String, ValueComparison.Like, true),
            ["NumericEquals"] = (ConditionFamily.Numeric, ValueComparison.Equals, false),
            ["NumericNotEquals"] = (ConditionFamily.Numeric, ValueComparison.Equals, true),
            ["NumericLessThan"] = (ConditionFamily.Numeric, ValueComparison.LessThan, false),
            ["NumericLessThanEquals"] = (ConditionFamily.Numeric, ValueComparison.LessThanEquals, false),
            ["NumericGreaterThan"] = (ConditionFamily.Numeric, ValueComparison.GreaterThan, false),
            ["NumericGreaterThanEquals"] = (ConditionFamily.Numeric, ValueComparison.GreaterThanEquals, false),
            ["DateEquals"] = (ConditionFamily.Date, ValueComparison.Equals, false),
            ["DateNotEquals"] = (ConditionFamily.Date, ValueComparison.Equals, true),
            ["DateLessThan"] = (ConditionFamily.Date, ValueComparison.LessThan, false),
            ["DateLessThanEquals"] = (ConditionFamily.Date, ValueComparison.LessThanEquals, false),
            ["DateGreaterThan"] = (ConditionFamily.Date, ValueComparison.GreaterThan, false),
            ["DateGreaterThanEquals"] = (ConditionFamily.Date, ValueComparison.GreaterThanEquals, false),
            ["Bool"] = (ConditionFamily.Bool, ValueComparison.Equals, false),
            ["BinaryEquals"] = (ConditionFamily.Binary, ValueComparison.Equals, false),
            ["IpAddress"] = (ConditionFamily.IpAddress, ValueComparison.Equals, false),
            ["NotIpAddress"] = (ConditionFamily.IpAddress, ValueComparison.Equals, true),
            // ArnEquals and ArnLike behave identically: both match segment by segment with wildcards.
            ["ArnEquals"] = (ConditionFamily.Arn, ValueComparison.Like, false),
            ["ArnLike"] = (ConditionFamily.Arn, ValueComparison.Like, false),
            ["ArnNotEquals"] = (ConditionFamily.Arn, ValueComparison.Like, true),
            ["ArnNotLike"] = (ConditionFamily.Arn, ValueComparison.Like, true),
            ["Null"] = (ConditionFamily.Null, ValueComparison.Equals, false),
        }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Parses an operator name; names, qualifiers and the suffix are case-sensitive, as in IAM.</summary>
    public static ConditionOperator? Parse(string name, out PatternProblem problem)
    {
        problem = default;
        var rest = name;
        var qualifier = SetQualifier.None;
        if (rest.StartsWith("ForAllValues:", StringComparison.Ordinal))
        {
            qualifier = SetQualifier.ForAllValues;
            rest = rest["ForAllValues:".Length..];
        }
        else if (rest.StartsWith("ForAnyValue:", StringComparison.Ordinal))
        {
            qualifier = SetQualifier.ForAnyValue;
            rest = rest["ForAnyValue:".Length..];
        }

        var ifExists = rest.Length > IfExistsSuffix.Length && rest.EndsWith(IfExistsSuffix, StringComparison.Ordinal);
        if (ifExists)
        {
            rest = rest[..^IfExistsSuffix.Length];
        }

        if (!BaseOperators.TryGetValue(rest, out var op))
        {
            problem = new(PolicyErrorCodes.InvalidConditionOperator, $"\"{name}\" is not a condition operator.");
            return null;
        }

        if (op.Family == ConditionFamily.Null && ifExists)
        {
            problem = new(PolicyErrorCodes.NullWithIfExists, "The Null operator cannot take the IfExists suffix.");
            return null;
        }

        return new ConditionOperator(name, op.Family, op.Comparison, op.Negated, ifExists, qualifier);
    }
}
