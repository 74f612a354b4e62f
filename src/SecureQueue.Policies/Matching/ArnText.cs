namespace SecureQueue.Policies.Matching;

/// <summary>Splits an ARN into its six colon-delimited segments without allocating; the sixth keeps any further colons.</summary>
internal static class ArnText
{
    public const int SegmentCount = 6;
    public const int ServiceSegment = 2;
    public const int AccountSegment = 4;

    /// <summary>Fills <paramref name="segments"/> (length ≥ 6) and returns how many segments the text has (1–6).</summary>
    public static int Split(ReadOnlySpan<char> arn, Span<Range> segments)
    {
        int count = 0, start = 0;
        for (var i = 0; i < arn.Length && count < SegmentCount - 1; i++)
        {
            if (arn[i] == ':')
            {
                segments[count++] = start..i;
                start = i + 1;
            }
        }

        segments[count++] = start..arn.Length;
        return count;
    }

    /// <summary>The account segment of an ARN, or null when the text is not an ARN or the segment is empty.</summary>
    public static string? AccountOf(string? arn)
    {
        if (arn is null || !arn.StartsWith("arn:", StringComparison.Ordinal))
        {
            return null;
        }

        Span<Range> segments = stackalloc Range[SegmentCount];
        var count = Split(arn, segments);
        return count == SegmentCount && segments[AccountSegment].GetOffsetAndLength(arn.Length).Length > 0
            ? arn[segments[AccountSegment]]
            : null;
    }
}
