using SecureQueue.Gateway.Telemetry;

namespace SecureQueue.Gateway.Tests.Telemetry;

public sealed class QueueDepthSamplerTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(0)]
    [InlineData(20)]
    [InlineData(1_500)]
    public void NextWait_QuickCount_IsTheInterval(int countingMilliseconds) =>
        Assert.Equal(Interval, QueueDepthSampler.NextWait(Interval, TimeSpan.FromMilliseconds(countingMilliseconds)));

    [Theory]
    [InlineData(2_000, 40)]
    [InlineData(4_000, 80)]
    [InlineData(60_000, 1_200)]
    public void NextWait_SlowCount_IsTwentyTimesWhatItTook(int countingMilliseconds, int waitSeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(waitSeconds), QueueDepthSampler.NextWait(Interval, TimeSpan.FromMilliseconds(countingMilliseconds)));
}
