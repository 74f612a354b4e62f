using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace SecureQueue.Gateway.Authentication.SigV4;

/// <summary>The parsed <c>AKID/yyyymmdd/region/service/aws4_request</c> credential.</summary>
internal sealed record SigV4Credential(string AccessKeyId, string Date, string Region, string Service, string Terminator)
{
    public const string RequiredTerminator = "aws4_request";

    public string Scope => $"{Date}/{Region}/{Service}/{Terminator}";

    /// <summary>
    /// Checks only the shape. Region, service and terminator are compared later so that their errors can name what
    /// this server expects; they are never echoed, since they are attacker-controlled.
    /// </summary>
    public static bool TryParse(
        string value,
        [NotNullWhen(true)] out SigV4Credential? credential,
        [NotNullWhen(false)] out SigV4Result? failure)
    {
        credential = null;
        var parts = value.Split('/');
        if (parts.Length != 5 || parts.Any(p => p.Length == 0))
        {
            failure = Incomplete(
                "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term.");
            return false;
        }

        // The key id goes to the audit log and into messages, so anything beyond [A-Za-z0-9] is refused outright,
        // with AWS's answer for a key it does not know.
        if (parts[0].Length > 128 || !parts[0].All(char.IsAsciiLetterOrDigit))
        {
            failure = SigV4Result.Fail(SigV4Failure.InvalidClientTokenId, SigV4Messages.InvalidClientTokenId);
            return false;
        }

        if (!DateOnly.TryParseExact(parts[1], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            failure = Incomplete("Credential scope date must be in the form YYYYMMDD.", parts[0]);
            return false;
        }

        credential = new SigV4Credential(parts[0], parts[1], parts[2], parts[3], parts[4]);
        failure = null;
        return true;
    }

    private static SigV4Result Incomplete(string message, string? accessKeyId = null) =>
        SigV4Result.Fail(SigV4Failure.IncompleteSignature, message, accessKeyId);
}
