using SecureQueue.Log.Audit;

namespace SecureQueue.Log.Tests.Audit;

/// <summary>A long log is walked in ranges side by side; tampering anywhere, at a range boundary too, is found as in one walk.</summary>
public sealed partial class ChainVerifierTests
{
    private const long EventsPerRange = 5;

    [Fact]
    public async Task Verify_InRanges_IntactLogPasses()
    {
        await log.FillAsync();
        var report = await log.VerifyInRangesAsync(EventsPerRange);
        Assert.True(report.Intact, ChainCheck.Describe(report));
        Assert.Equal((ChainWorkspace.Events, ChainWorkspace.Events, 4), (report.Events, report.LastPosition, report.CheckedCheckpoints));
    }

    [Theory]
    [InlineData("delete from mt_events where seq_id = (select seq_id from seals where position = 12)", 12, ChainKinds.Deleted)]
    [InlineData("delete from seals where position = 13", 13, ChainKinds.Deleted)]
    [InlineData("update mt_events set type = 'x' where seq_id = (select seq_id from seals where position = 18)", 18, ChainKinds.Edited)]
    [InlineData("update seals set position = -position where position in (7, 20); update seals set position = case position when -7 then 20 else 7 end where position < 0", 7, ChainKinds.Reordered)]
    [InlineData("delete from seals where position > 17", 18, ChainKinds.Truncated)]
    public async Task Verify_InRanges_TamperingFoundAtItsPosition(string sql, long position, string kind)
    {
        await log.FillAsync();
        await log.TamperAsync(sql);
        var report = await log.VerifyInRangesAsync(EventsPerRange);
        Assert.True((position, kind) == (report.First?.Position, report.First?.Kind), ChainCheck.Describe(report));
    }

    [Theory]
    [InlineData(1, 25, 4, 5, new long[] { 1, 7, 13, 19 })]
    [InlineData(1, 25, 2, 5, new long[] { 1, 13 })]
    [InlineData(1, 25, 4, 100, new long[] { 1 })]
    [InlineData(10, 10, 4, 5, new long[] { 10 })]
    public void Split_CutsIntoEqualRangesTheLastOpenEnded(long from, long last, int parallelism, long minimum, long[] starts)
    {
        var ranges = PositionRange.Split(from, last, parallelism, minimum);
        Assert.Equal(starts, ranges.Select(r => r.From));
        Assert.Equal(long.MaxValue, ranges[^1].To);
        Assert.All(ranges.Zip(ranges.Skip(1)), pair => Assert.Equal(pair.First.To + 1, pair.Second.From));
    }
}
