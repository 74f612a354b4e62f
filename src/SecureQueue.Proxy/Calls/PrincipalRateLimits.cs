using System.Threading.RateLimiting;
using SecureQueue.Proxy.Routes;

namespace SecureQueue.Proxy.Calls;

/// <summary>
/// Per-route, per-principal fixed windows (ASP.NET Core's limiter). Taken after authorization, so an anonymous flood cannot
/// use up a principal's permits; the route's limit is part of the key, so a reload with a new limit starts new windows.
/// </summary>
internal sealed class PrincipalRateLimits : IDisposable
{
    private readonly PartitionedRateLimiter<(string Route, int Permits, string Principal)> limiter =
        PartitionedRateLimiter.Create<(string Route, int Permits, string Principal), (string Route, int Permits, string Principal)>(key =>
            RateLimitPartition.GetFixedWindowLimiter(key, k => new FixedWindowRateLimiterOptions { PermitLimit = k.Permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));

    /// <summary>True when the principal (for anonymous callers, the principal at one client address) may make one more request on the route now.</summary>
    public bool TryAcquire(RouteSettings route, string principal)
    {
        if (route.PermitsPerMinute is not { } permits)
        {
            return true;
        }

        using var lease = limiter.AttemptAcquire((route.RouteId, permits, principal));
        return lease.IsAcquired;
    }

    public void Dispose() => limiter.Dispose();
}
