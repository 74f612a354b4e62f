using System.Globalization;

namespace SecureQueue.Policies.Conditions;

/// <summary>Parses Date condition values: the W3C ISO 8601 profiles, or epoch seconds as used by <c>aws:EpochTime</c>.</summary>
internal static class ConditionDates
{
    // W3C profiles YYYY-MM, YYYY-MM-DD, and date-times to minutes, seconds or fractions with an optional zone, plus the
    // compact form SigV4 uses in X-Amz-Date. No zone means UTC. The year-only profile is left out: "2024" would be
    // indistinguishable from epoch seconds, and all-digit values are read as epoch seconds.
    private static readonly string[] Formats =
    [
        "yyyy-MM", "yyyy-MM-dd",
        "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyyMMdd'T'HHmmss'Z'",
    ];

    private const long MinEpochSeconds = -62_135_596_800;
    private const long MaxEpochSeconds = 253_402_300_799;

    /// <summary>The instant as UTC ticks.</summary>
    public static bool TryParse(string text, out long utcTicks)
    {
        utcTicks = 0;
        var digits = text.AsSpan().StartsWith("-") ? text.AsSpan(1) : text.AsSpan();
        if (digits.Length > 0 && digits.ContainsOnlyDigits())
        {
            if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds)
                || seconds is < MinEpochSeconds or > MaxEpochSeconds)
            {
                return false;
            }

            utcTicks = DateTimeOffset.FromUnixTimeSeconds(seconds).UtcTicks;
            return true;
        }

        if (!DateTimeOffset.TryParseExact(
                text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
        {
            return false;
        }

        utcTicks = value.UtcTicks;
        return true;
    }
}
