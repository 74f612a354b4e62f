using SecureQueue.Sqs.MoveTasks;

namespace SecureQueue.Sqs.Tests.MoveTasks;

public sealed class MovePacingTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Allowed_AtStart_OneBatchOfAtMostTheRate()
    {
        Assert.Equal(1, new MovePacing(1, Start).Allowed(Start, 0));
        Assert.Equal(MovePacing.MaxBatch, new MovePacing(500, Start).Allowed(Start, 0));
    }

    [Fact]
    public void Allowed_OnePerSecond_FourMessagesTakeThreeSeconds()
    {
        var pacing = new MovePacing(1, Start);

        Assert.Equal(0, pacing.Allowed(Start.AddSeconds(2.99), 3));
        Assert.Equal(1, pacing.Allowed(Start.AddSeconds(3), 3));
    }

    [Fact]
    public void Allowed_NeverAboveTheRateOverAnyWholeRun()
    {
        var pacing = new MovePacing(7, Start);
        long moved = 0;
        for (var ms = 0; ms <= 10_000; ms += 13)
        {
            moved += pacing.Allowed(Start.AddMilliseconds(ms), moved);
        }

        // rate × 10 s plus the first batch, and no fewer than the rate allowed less one poll step's worth.
        Assert.InRange(moved, 69, 77);
    }

    [Fact]
    public void Allowed_BatchCappedAtTen_EvenAfterALongPause()
    {
        Assert.Equal(MovePacing.MaxBatch, new MovePacing(100, Start).Allowed(Start.AddMinutes(5), 0));
    }

    [Fact]
    public void Wait_UntilTheNextMessageIsAllowed()
    {
        var pacing = new MovePacing(2, Start);
        var now = Start.AddSeconds(0.1);

        var wait = pacing.Wait(now, 3);

        Assert.Equal(0, pacing.Allowed(now + wait - TimeSpan.FromMilliseconds(2), 3));
        Assert.Equal(1, pacing.Allowed(now + wait, 3));
    }

    [Fact]
    public void Wait_WhenAllowedNow_IsZero() => Assert.Equal(TimeSpan.Zero, new MovePacing(5, Start).Wait(Start.AddSeconds(10), 0));
}
