using SecureQueue.Proxy.Calls;
using SecureQueue.Proxy.Routes;

namespace SecureQueue.Proxy.Tests.Calls;

public sealed class PrincipalRateLimitsTests
{
    private static readonly RouteSettings Limited = new("orders", "c", "$default", null, 1024) { PermitsPerMinute = 2 };

    [Fact]
    public void TryAcquire_PerPrincipalWindows()
    {
        using var limits = new PrincipalRateLimits();
        Assert.Equal([true, true, false], Enumerable.Range(0, 3).Select(_ => limits.TryAcquire(Limited, "arn:a")).ToArray());
        Assert.True(limits.TryAcquire(Limited, "arn:b"));
        Assert.True(limits.TryAcquire(Limited with { RouteId = "other" }, "arn:a"));
    }

    [Fact]
    public void TryAcquire_RouteWithoutLimit_AlwaysAllowed()
    {
        using var limits = new PrincipalRateLimits();
        Assert.All(Enumerable.Range(0, 100), _ => Assert.True(limits.TryAcquire(Limited with { PermitsPerMinute = null }, "arn:a")));
    }
}
