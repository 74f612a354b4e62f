using SecureQueue.Gateway.Telemetry;

namespace SecureQueue.Gateway.Tests.Telemetry;

public sealed class QueueDepthSamplerTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(0)]
    [InlineData(20)]
    [InlineData(1_500)]
    public void A_quick_count_waits_the_interval(int countingMilliseconds) =>
        Assert.Equal(Interval, QueueDepthSampler.NextWait(Interval, TimeSpan.FromMilliseconds(countingMilliseconds)));

    [Theory]
    [InlineData(2_000, 40)]
    [InlineData(4_000, 80)]
    [InlineData(60_000, 1_200)]
    public void A_slow_count_waits_twenty_times_as_long_as_it_took(int countingMilliseconds, int waitSeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(waitSeconds), QueueDepthSampler.NextWait(Interval, TimeSpan.FromMilliseconds(countingMilliseconds)));
}
