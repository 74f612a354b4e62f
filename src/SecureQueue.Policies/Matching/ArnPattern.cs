using SecureQueue.Policies.Documents;
using SecureQueue.Policies.Evaluation;

namespace SecureQueue.Policies.Matching;

/// <summary>
/// An ARN pattern matched segment by segment (case-sensitive unless the caller asks otherwise), so <c>*</c> and <c>?</c> in one of the first five segments
/// never span a colon. Resource patterns may stop early with a trailing <c>*</c>, which then covers the rest of the ARN.
/// </summary>
internal sealed class ArnPattern
{
    private readonly PolicyPattern[] segments;

    private ArnPattern(string text, PolicyPattern[] segments)
    {
        Text = text;
        this.segments = segments;
        HasVariables = segments.Any(s => s.HasVariables);
    }

    public string Text { get; }

    public bool HasVariables { get; }

    private bool IsAnything => segments is [{ IsAnyRun: true }];

    /// <param name="allowShort">Resource elements accept "arn:aws:sqs:*"; ARN condition values need all six segments.</param>
    public static ArnPattern? Parse(string text, bool variables, bool allowShort, out PatternProblem problem)
    {
        var whole = PatternParser.Parse(text, wildcards: true, variables, out problem);
        if (whole is null)
        {
            return null;
        }

        if (whole.IsAnyRun)
        {
            return new ArnPattern(text, [whole]);
        }

        var segments = SplitSegments(whole.Parts);
        if (segments[0] is not [{ Kind: PatternPartKind.Literal, Text: "arn" }] || segments.Count < 3)
        {
            problem = new(PolicyErrorCodes.InvalidArn, $"\"{text}\" must be \"*\" or an ARN (arn:partition:service:region:account:resource).");
            return null;
        }

        if (segments[ArnText.ServiceSegment] is not [{ Kind: PatternPartKind.Literal }])
        {
            problem = new(PolicyErrorCodes.InvalidArn, $"The service segment of \"{text}\" must be literal text.");
            return null;
        }

        var last = segments[^1];
        if (segments.Count < ArnText.SegmentCount && !(allowShort && last is [.., { Kind: PatternPartKind.AnyRun }]))
        {
            problem = new(PolicyErrorCodes.MissingArnField, $"\"{text}\" has fewer than six colon-separated segments.");
            return null;
        }

        return new ArnPattern(text, [.. segments.Select(s => new PolicyPattern(text, [.. s]))]);
    }

    public PatternMatch Match(string arn, RequestContext? context, StringComparison comparison = StringComparison.Ordinal)
    {
        if (IsAnything)
        {
            return PatternMatch.Match;
        }

        if (HasVariables)
        {
            foreach (var segment in segments)
            {
                if (!segment.IsResolvable(context))
                {
                    return PatternMatch.Unresolved;
                }
            }
        }

        Span<Range> ranges = stackalloc Range[ArnText.SegmentCount];
        var count = ArnText.Split(arn, ranges);
        for (var i = 0; i < segments.Length; i++)
        {
            if (i >= count)
            {
                return PatternMatch.NoMatch;
            }

            // A short pattern's last segment (it ends in '*') takes the rest of the ARN, colons included.
            var isShortTail = i == segments.Length - 1 && segments.Length < ArnText.SegmentCount;
            var segment = isShortTail ? arn.AsSpan(ranges[i].Start.Value) : arn.AsSpan()[ranges[i]];
            if (segments[i].Match(segment, context, comparison) != PatternMatch.Match)
            {
                return PatternMatch.NoMatch;
            }
        }

        return PatternMatch.Match;
    }

    // Splits the compiled parts at literal colons (at most five), so a colon inside ${aws:username} does not split.
    private static List<List<PatternPart>> SplitSegments(IReadOnlyList<PatternPart> parts)
    {
        var segments = new List<List<PatternPart>> { new() };
        foreach (var part in parts)
        {
            if (part.Kind != PatternPartKind.Literal)
            {
                segments[^1].Add(part);
                continue;
            }

            var rest = part.Text;
            int colon;
            while (segments.Count < ArnText.SegmentCount && (colon = rest.IndexOf(':', StringComparison.Ordinal)) >= 0)
            {
                if (colon > 0)
                {
                    segments[^1].Add(part with { Text = rest[..colon] });
                }

                segments.Add([]);
                rest = rest[(colon + 1)..];
            }

            if (rest.Length > 0)
            {
                segments[^1].Add(part with { Text = rest });
            }
        }

        return segments;
    }
}
