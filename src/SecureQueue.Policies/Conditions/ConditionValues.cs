using SecureQueue.Policies.Evaluation;
using SecureQueue.Policies.Matching;

namespace SecureQueue.Policies.Conditions;

/// <summary>
/// The compiled policy values of one condition key. <see cref="AnyMatches"/> answers the positive question — does this request
/// value satisfy the comparison with at least one policy value (values are OR-ed) — and the clause applies negation and
/// set qualifiers on top.
/// </summary>
internal abstract class ConditionValues
{
    public abstract bool AnyMatches(string requestValue, RequestContext context);

    protected static bool Holds(int comparison, ValueComparison operation) => operation switch
    {
        ValueComparison.LessThan => comparison < 0,
        ValueComparison.LessThanEquals => comparison <= 0,
        ValueComparison.GreaterThan => comparison > 0,
        ValueComparison.GreaterThanEquals => comparison >= 0,
        _ => comparison == 0,
    };
}

/// <summary>String operators: exact, case-insensitive, or Like (wildcards); a value whose variable has no value matches nothing.</summary>
internal sealed class StringConditionValues(PolicyPattern[] patterns, StringComparison comparison) : ConditionValues
{
    public override bool AnyMatches(string requestValue, RequestContext context)
    {
        foreach (var pattern in patterns)
        {
            if (pattern.Match(requestValue, context, comparison) == PatternMatch.Match)
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>Bool: "true"/"false" in any case on both sides; a request value that is neither matches nothing.</summary>
internal sealed class BoolConditionValues(PolicyPattern[] patterns) : ConditionValues
{
    public override bool AnyMatches(string requestValue, RequestContext context)
    {
        if (!bool.TryParse(requestValue, out _))
        {
            return false;
        }

        foreach (var pattern in patterns)
        {
            if (pattern.Match(requestValue.Trim(), context, StringComparison.OrdinalIgnoreCase) == PatternMatch.Match)
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>ARN operators: segment-wise, case-sensitive, wildcards allowed in every form.</summary>
internal sealed class ArnConditionValues(ArnPattern[] patterns) : ConditionValues
{
    public override bool AnyMatches(string requestValue, RequestContext context)
    {
        foreach (var pattern in patterns)
        {
            if (pattern.Match(requestValue, context) == PatternMatch.Match)
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>Numeric operators over decimals; a request value that is not a number satisfies no comparison.</summary>
internal sealed class NumericConditionValues(decimal[] values, ValueComparison operation) : ConditionValues
{
    public override bool AnyMatches(string requestValue, RequestContext context)
    {
        if (!ConditionNumbers.TryParse(requestValue, out var number))
        {
            return false;
        }

        foreach (var value in values)
        {
            if (Holds(number.CompareTo(value), operation))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>Date operators over instants; a request value that is not a date satisfies no comparison.</summary>
internal sealed class DateConditionValues(long[] utcTicks, ValueComparison operation) : ConditionValues
{
    public override bool AnyMatches(string requestValue, RequestContext context)
    {
        if (!ConditionDates.TryParse(requestValue, out var ticks))
        {
            return false;
        }

        foreach (var value in utcTicks)
        {
            if (Holds(ticks.CompareTo(value), operation))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>IpAddress: the request address lies in one of the ranges; IPv4-mapped IPv6 request addresses count as IPv4.</summary>
internal sealed class IpConditionValues(IpRange[] ranges) : ConditionValues
{
    public override bool AnyMatches(string requestValue, RequestContext context)
    {
        Span<byte> address = stackalloc byte[16];
        if (!IpRange.TryParseAddress(requestValue, address, mapIPv4: true, out var length))
        {
            return false;
        }

        foreach (var range in ranges)
        {
            if (range.Contains(address[..length]))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>BinaryEquals: byte-for-byte, both sides base64 (request context values are strings).</summary>
internal sealed class BinaryConditionValues(byte[][] values) : ConditionValues
{
    public override bool AnyMatches(string requestValue, RequestContext context)
    {
        var buffer = new byte[(requestValue.Length * 3 / 4) + 3];
        if (!Convert.TryFromBase64String(requestValue, buffer, out var written))
        {
            return false;
        }

        foreach (var value in values)
        {
            if (value.AsSpan().SequenceEqual(buffer.AsSpan(0, written)))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>Null: "true" holds when the key is absent, "false" when it is present.</summary>
internal sealed class NullConditionValues(bool[] expectAbsent) : ConditionValues
{
    public bool Holds(bool present)
    {
        foreach (var absent in expectAbsent)
        {
            if (absent != present)
            {
                return true;
            }
        }

        return false;
    }

    public override bool AnyMatches(string requestValue, RequestContext context) => Holds(present: true);
}
