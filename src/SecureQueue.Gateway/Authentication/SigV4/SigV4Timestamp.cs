using System.Globalization;

namespace SecureQueue.Gateway.Authentication.SigV4;

/// <summary>The two date forms SigV4 accepts, both read as UTC.</summary>
internal static class SigV4Timestamp
{
    public const string IsoBasicFormat = "yyyyMMdd'T'HHmmss'Z'";

    // RFC 7231 IMF-fixdate, plus the numeric zones botocore's email.utils.formatdate writes ("-0000").
    private static readonly string[] HttpDateFormats =
    [
        "dd MMM yyyy HH:mm:ss 'GMT'",
        "dd MMM yyyy HH:mm:ss '-0000'",
        "dd MMM yyyy HH:mm:ss '+0000'",
    ];

    public static bool TryParseIso(string value, out DateTimeOffset timestamp) =>
        DateTimeOffset.TryParseExact(
            value, IsoBasicFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out timestamp);

    /// <summary>
    /// The weekday is skipped: it is redundant, it never enters the string to sign, and AWS's own 2011 test
    /// vectors pair "Mon" with a Friday, which .NET's "ddd" would reject.
    /// </summary>
    public static bool TryParseHttpDate(string value, out DateTimeOffset timestamp)
    {
        var trimmed = value.Trim();
        var comma = trimmed.IndexOf(", ", StringComparison.Ordinal);
        var date = comma == 3 ? trimmed[(comma + 2)..] : trimmed;
        return DateTimeOffset.TryParseExact(
            date, HttpDateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out timestamp);
    }

    public static string Format(DateTimeOffset timestamp) =>
        timestamp.UtcDateTime.ToString(IsoBasicFormat, CultureInfo.InvariantCulture);
}
