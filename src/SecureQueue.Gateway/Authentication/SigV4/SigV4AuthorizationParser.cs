using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace SecureQueue.Gateway.Authentication.SigV4;

/// <summary>
/// Reads the claimed signature from the Authorization header or the presigned query string. Only shape is checked
/// here; whether the claim is true is the verifier's job.
/// </summary>
internal static partial class SigV4AuthorizationParser
{
    private static readonly string[] HeaderParameters = ["Credential", "Signature", "SignedHeaders"];

    private static readonly string[] QueryParameters =
    [
        "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires", "X-Amz-SignedHeaders",
        SigV4Canonicalizer.SignatureParameter,
    ];

    public static bool IsQueryAuthParameter(string name) => QueryParameters.Contains(name, StringComparer.Ordinal);

    public static bool TryParseHeader(
        string authorization,
        IReadOnlyList<KeyValuePair<string, string>> headers,
        [NotNullWhen(true)] out SigV4Authorization? result,
        [NotNullWhen(false)] out SigV4Result? failure)
    {
        result = null;
        var parameters = new string?[HeaderParameters.Length];
        switch (ReadHeader(authorization, parameters, out var repeated))
        {
            case HeaderShape.OtherAlgorithm:
                return Fail(SigV4Messages.UnsupportedAlgorithm, null, out failure);
            case HeaderShape.MissingEquals:
                // AWS's wording; it hashes the header rather than echo it back.
                var digest = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(authorization)));
                return Fail(
                    "Invalid key=value pair (missing equal-sign) in Authorization header "
                    + $"(hashed with SHA-256 and encoded with Base64): '{digest}'.",
                    null,
                    out failure);
            case HeaderShape.Repeated:
                return Fail($"Authorization header must contain '{HeaderParameters[repeated]}' only once.", null, out failure);
        }

        // Every missing part is reported in one message, as AWS does.
        List<string>? errors = null;
        for (var i = 0; i < HeaderParameters.Length; i++)
        {
            if (parameters[i] is null)
            {
                (errors ??= []).Add($"Authorization header requires '{HeaderParameters[i]}' parameter.");
            }
        }

        var dateError = ReadHeaderDate(headers, out var amzDate, out var signedAt);
        if (dateError == SigV4Messages.MissingDate)
        {
            (errors ??= []).Add(dateError);
        }

        if (errors is not null)
        {
            return Fail(string.Join(' ', errors), null, out failure);
        }

        if (!SigV4Credential.TryParse(parameters[0]!, out var credential, out failure))
        {
            return false;
        }

        return dateError is null
            ? TryComplete(credential, parameters[2]!, parameters[1]!, amzDate, signedAt, null, out result, out failure)
            : Fail(dateError, credential.AccessKeyId, out failure);
    }

    /// <summary>
    /// The <c>Credential</c> value exactly as <see cref="TryParseHeader"/> reads it (the items after the algorithm split at
    /// commas, keys trimmed and compared exactly), or null where it would refuse the header for it (absent, repeated, an
    /// item without '='): the region and service read before verification are then the very ones the verifier checks.
    /// </summary>
    public static string? HeaderCredential(string authorization)
    {
        var parameters = new string?[HeaderParameters.Length];
        return ReadHeader(authorization, parameters, out _) == HeaderShape.Read ? parameters[0] : null;
    }

    private enum HeaderShape
    {
        Read,
        OtherAlgorithm,
        MissingEquals,
        Repeated,
    }

    // The items after the algorithm, split at commas; keys trimmed and compared exactly, unknown ones ignored.
    private static HeaderShape ReadHeader(string authorization, string?[] parameters, out int repeated)
    {
        repeated = -1;
        var value = authorization.AsSpan().Trim();
        var space = value.IndexOf(' ');
        if (space < 0)
        {
            space = value.Length;
        }

        if (!value[..space].SequenceEqual(SigV4Canonicalizer.Algorithm))
        {
            return HeaderShape.OtherAlgorithm;
        }

        var rest = value[space..];
        foreach (var range in rest.Split(','))
        {
            var item = rest[range].Trim();
            if (item.IsEmpty)
            {
                continue;
            }

            var equals = item.IndexOf('=');
            if (equals <= 0)
            {
                return HeaderShape.MissingEquals;
            }

            var index = IndexOf(item[..equals].Trim());
            if (index >= 0 && parameters[index] is not null)
            {
                repeated = index;
                return HeaderShape.Repeated;
            }

            if (index >= 0)
            {
                parameters[index] = item[(equals + 1)..].Trim().ToString();
            }
        }

        return HeaderShape.Read;
    }

    private static int IndexOf(ReadOnlySpan<char> key)
    {
        for (var i = 0; i < HeaderParameters.Length; i++)
        {
            if (key.SequenceEqual(HeaderParameters[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool TryComplete(
        SigV4Credential credential,
        string signedHeaderList,
        string signature,
        string amzDate,
        DateTimeOffset signedAt,
        TimeSpan? expires,
        [NotNullWhen(true)] out SigV4Authorization? result,
        [NotNullWhen(false)] out SigV4Result? failure)
    {
        result = null;
        if (!SigV4Encoding.IsLowerHex(signature, 64))
        {
            return Fail(SigV4Messages.BadSignature, credential.AccessKeyId, out failure);
        }

        var signedHeaders = signedHeaderList.Split(';');
        if (!IsCanonicalHeaderList(signedHeaders))
        {
            return Fail(SigV4Messages.BadSignedHeaders, credential.AccessKeyId, out failure);
        }

        result = new SigV4Authorization(credential, signedHeaders, signature, amzDate, signedAt, expires);
        failure = null;
        return true;
    }

    // Strict on purpose: botocore and the AWS SDKs always send lowercase, sorted, unique tokens, and accepting other
    // spellings would give one request several canonical forms. Token characters only, so a name can never smuggle
    // ':' or a newline into the canonical headers.
    private static bool IsCanonicalHeaderList(string[] names)
    {
        for (var i = 0; i < names.Length; i++)
        {
            if (!SigV4Encoding.IsToken(names[i]) || names[i].AsSpan().ContainsAnyInRange('A', 'Z')
                || (i > 0 && string.CompareOrdinal(names[i - 1], names[i]) >= 0))
            {
                return false;
            }
        }

        return true;
    }

    // X-Amz-Date wins over Date, as in botocore; either one must appear at most once to be unambiguous.
    private static string? ReadHeaderDate(
        IReadOnlyList<KeyValuePair<string, string>> headers, out string amzDate, out DateTimeOffset signedAt)
    {
        amzDate = string.Empty;
        signedAt = default;
        foreach (var name in (string[])["x-amz-date", "date"])
        {
            var values = SigV4Verifier.HeaderValues(headers, name);
            if (values.Count > 1)
            {
                return $"The request must not contain more than one '{name}' header.";
            }

            if (values.Count == 1)
            {
                var ok = name == "date"
                    ? SigV4Timestamp.TryParseHttpDate(values[0], out signedAt)
                    : SigV4Timestamp.TryParseIso(values[0].Trim(), out signedAt);
                amzDate = SigV4Timestamp.Format(signedAt);
                return ok ? null : SigV4Messages.BadDate;
            }
        }

        return SigV4Messages.MissingDate;
    }

    private static bool Fail(string message, string? accessKeyId, out SigV4Result failure)
    {
        failure = SigV4Result.Fail(SigV4Failure.IncompleteSignature, message, accessKeyId);
        return false;
    }
}
