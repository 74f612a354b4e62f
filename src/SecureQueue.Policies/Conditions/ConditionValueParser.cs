using SecureQueue.Policies.Documents;
using SecureQueue.Policies.Matching;

namespace SecureQueue.Policies.Conditions;

/// <summary>Checks and compiles the policy values of one condition key for its operator's family.</summary>
internal static class ConditionValueParser
{
    private delegate bool TryParser<T>(string text, out T value);

    public static ConditionValues? Compile(ConditionOperator op, List<LocatedString> values, ParseErrorSink errors, bool variables)
    {
        switch (op.Family)
        {
            case ConditionFamily.String:
                var comparison = op.Comparison == ValueComparison.EqualsIgnoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
                var wildcards = op.Comparison == ValueComparison.Like;
                return Collect(values, errors, text => Pattern(text, wildcards, variables)) is { } strings
                    ? new StringConditionValues(strings, comparison) : null;
            case ConditionFamily.Arn:
                return Collect(values, errors, text => Arn(text, variables)) is { } arns ? new ArnConditionValues(arns) : null;
            case ConditionFamily.Bool:
                return Collect(values, errors, text => Bool(text, variables)) is { } bools ? new BoolConditionValues(bools) : null;
            case ConditionFamily.Numeric:
                return Collect(values, errors, text => Typed<decimal>(text, variables, "a number", ConditionNumbers.TryParse)) is { } numbers
                    ? new NumericConditionValues(numbers, op.Comparison) : null;
            case ConditionFamily.Date:
                return Collect(values, errors, text => Typed<long>(text, variables, "an ISO 8601 date or epoch seconds", ConditionDates.TryParse)) is { } dates
                    ? new DateConditionValues(dates, op.Comparison) : null;
            case ConditionFamily.IpAddress:
                return Collect(values, errors, text => Typed<IpRange>(text, variables, "an IP address or CIDR range", TryParseRange)) is { } ranges
                    ? new IpConditionValues(ranges) : null;
            case ConditionFamily.Binary:
                return Collect(values, errors, text => Typed<byte[]>(text, variables, "base64", TryParseBase64)) is { } binaries
                    ? new BinaryConditionValues(binaries) : null;
            default:
                return Collect(values, errors, text => Typed<bool>(text, variables, "\"true\" or \"false\"", bool.TryParse)) is { } nulls
                    ? new NullConditionValues(nulls) : null;
        }
    }

    private static T[]? Collect<T>(List<LocatedString> values, ParseErrorSink errors, Func<string, (T? Value, PatternProblem? Problem)> parse)
    {
        var results = new T[values.Count];
        var valid = true;
        for (var i = 0; i < values.Count; i++)
        {
            var (value, problem) = parse(values[i].Text);
            if (problem is { } p)
            {
                errors.Add(p.Code, p.Message, values[i].Offset, values[i].Path);
                valid = false;
            }
            else
            {
                results[i] = value!;
            }
        }

        return valid ? results : null;
    }

    private static (PolicyPattern?, PatternProblem?) Pattern(string text, bool wildcards, bool variables) =>
        PatternParser.Parse(text, wildcards, variables, out var problem) is { } pattern ? (pattern, null) : (null, problem);

    private static (ArnPattern?, PatternProblem?) Arn(string text, bool variables) =>
        text == "*" || text.StartsWith("arn:", StringComparison.Ordinal) || (variables && PatternParser.ContainsVariable(text))
            ? ArnPattern.Parse(text, variables, allowShort: false, out var problem) is { } pattern ? (pattern, null) : (null, problem)
            : (null, new(PolicyErrorCodes.DataTypeMismatch, $"\"{text}\" is not an ARN."));

    // Bool values are normalized so "True" in a policy compares like "true" in a request.
    private static (PolicyPattern?, PatternProblem?) Bool(string text, bool variables)
    {
        if (variables && PatternParser.ContainsVariable(text))
        {
            return Pattern(text, wildcards: false, variables);
        }

        return bool.TryParse(text, out var value)
            ? (new PolicyPattern(text, [new PatternPart(PatternPartKind.Literal, value ? "true" : "false")]), null)
            : (null, new(PolicyErrorCodes.DataTypeMismatch, $"\"{text}\" is not \"true\" or \"false\"."));
    }

    // Numeric, Date, IP, Binary and Null take no policy variables, and their values must parse.
    private static (T?, PatternProblem?) Typed<T>(string text, bool variables, string expected, TryParser<T> tryParse)
    {
        if (variables && PatternParser.ContainsVariable(text))
        {
            return (default, new(PolicyErrorCodes.InvalidVariableForOperator, $"Policy variables are not supported with this operator: \"{text}\"."));
        }

        return tryParse(text, out var value)
            ? (value, null)
            : (default, new(PolicyErrorCodes.DataTypeMismatch, $"\"{text}\" is not {expected}."));
    }

    private static bool TryParseRange(string text, out IpRange range)
    {
        range = IpRange.Parse(text)!;
        return range is not null;
    }

    private static bool TryParseBase64(string text, out byte[] bytes)
    {
        var buffer = new byte[(text.Length * 3 / 4) + 3];
        if (text.Length > 0 && Convert.TryFromBase64String(text, buffer, out var written))
        {
            bytes = buffer[..written];
            return true;
        }

        bytes = [];
        return false;
    }
}
