using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Configuration;

namespace SecureQueue.Trail.Lookup;

/// <summary>
/// How many LookupEvents calls a caller may make a second. CloudTrail allows two a second per account and Region; one
/// gateway serves one account, so the rate applies per caller (principal ARN) instead, in each replica. One auditor's
/// script then cannot starve another's lookups, nor the database the queues share with the log. A lookup over the
/// rate is <c>ThrottlingException</c>, audited like any refusal; AWS SDKs and the CLI retry it with backoff.
/// </summary>
internal sealed class LookupRateLimit : IDisposable
{
    public const string Setting = "SecureQueue:Trail:LookupsPerSecond";

    /// <summary>CloudTrail's own figure.</summary>
    public const int DefaultPerSecond = 2;

    private readonly PartitionedRateLimiter<string> limiter;

    public LookupRateLimit(int perSecond)
    {
        if (perSecond < 1)
        {
            throw new InvalidOperationException($"{Setting} must be a whole number of lookups a second, at least 1.");
        }

        limiter = PartitionedRateLimiter.Create<string, string>(caller => RateLimitPartition.GetTokenBucketLimiter(caller, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = perSecond,
            TokensPerPeriod = perSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    /// <summary>The configured rate, read at start-up: a setting that is not a whole number of at least 1 stops it.</summary>
    public static int Configured(IConfiguration configuration) => configuration[Setting] switch
    {
        null => DefaultPerSecond,
        var text when int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var perSecond) && perSecond >= 1 => perSecond,
        _ => throw new InvalidOperationException($"{Setting} must be a whole number of lookups a second, at least 1."),
    };

    /// <summary>Takes one of the caller's lookups for this second; false when the caller has none left.</summary>
    public bool TryTake(string principalArn)
    {
        using var lease = limiter.AttemptAcquire(principalArn);
        return lease.IsAcquired;
    }

    public void Dispose() => limiter.Dispose();
}
