namespace SecureQueue.Log.Audit;

/// <summary>Positions From to To (both included) of the log, walked by one connection.</summary>
internal readonly record struct PositionRange(long From, long To)
{
    /// <summary>
    /// [from, last] cut into at most <paramref name="parallelism"/> ranges of at least <paramref name="minimum"/> events;
    /// the last range is open-ended, so rows past <paramref name="last"/> are read too.
    /// </summary>
    public static IReadOnlyList<PositionRange> Split(long from, long last, int parallelism, long minimum)
    {
        var count = Math.Clamp((last - from + 1) / minimum, 1, parallelism);
        var size = (last - from + 1) / count;
        var ranges = new List<PositionRange>((int)count);
        for (var i = 0; i < count; i++)
        {
            ranges.Add(new PositionRange(from + (i * size), i == count - 1 ? long.MaxValue : from + ((i + 1) * size) - 1));
        }

        return ranges;
    }
}

/// <summary>Sums the events that parallel walks have verified and reports the total, one report at a time.</summary>
internal sealed class SharedProgress(IProgress<long>? progress)
{
    private readonly Lock gate = new();
    private long total;

    public void Add(long events)
    {
        lock (gate)
        {
            total += events;
            progress?.Report(total);
        }
    }
}
