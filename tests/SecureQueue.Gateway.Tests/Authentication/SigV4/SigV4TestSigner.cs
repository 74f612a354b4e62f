using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SecureQueue.Gateway.Authentication.SigV4;

namespace SecureQueue.Gateway.Tests.Authentication.SigV4;

/// <summary>
/// A client-side signer for tests only (production has no signer). It reuses the public canonicalizer, which the
/// AWS suite vectors pin down, but derives the key and HMAC itself so the verifier's crypto is checked separately.
/// </summary>
internal sealed record SigV4TestSigner(string AccessKeyId, string Secret, string Region, string Service)
{
    public static readonly SigV4TestSigner Example =
        new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "us-east-1", "sqs");

    public static string AmzDate(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// Adds X-Amz-Date and an Authorization header signing every header present (botocore's habit). <paramref name="payloadHash"/>
    /// replaces the body's hash in the canonical request (<c>UNSIGNED-PAYLOAD</c>, as S3 clients and the front door's use).
    /// </summary>
    public SigV4Request Sign(SigV4Request request, DateTimeOffset at, string? signedHeaders = null, string? payloadHash = null)
    {
        var dated = WithHeader(request, "X-Amz-Date", AmzDate(at));
        var names = signedHeaders ?? string.Join(';', dated.Headers
            .Select(h => h.Key.ToLowerInvariant()).Distinct().Order(StringComparer.Ordinal));
        var signature = SignatureFor(dated, at, names, presigned: false, payloadHash);
        var authorization =
            $"{SigV4Canonicalizer.Algorithm} Credential={AccessKeyId}/{Scope(at)}, SignedHeaders={names}, Signature={signature}";
        return WithHeader(dated, "Authorization", authorization);
    }

    /// <summary>botocore's SigV4QueryAuth: auth parameters appended to the query, the signature last.</summary>
    public SigV4Request Presign(SigV4Request request, DateTimeOffset at, int expiresSeconds, string signedHeaders = "host")
    {
        var separator = request.RawTarget.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        var credential = Uri.EscapeDataString($"{AccessKeyId}/{Scope(at)}");
        var target = request.RawTarget + separator
            + $"X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential={credential}&X-Amz-Date={AmzDate(at)}"
            + $"&X-Amz-Expires={expiresSeconds}&X-Amz-SignedHeaders={Uri.EscapeDataString(signedHeaders)}";
        var unsigned = request with { RawTarget = target };
        var signature = SignatureFor(unsigned, at, signedHeaders, presigned: true);
        return unsigned with { RawTarget = target + "&X-Amz-Signature=" + signature };
    }

    public string SignatureFor(SigV4Request request, DateTimeOffset at, string signedHeaders, bool presigned, string? payloadHash = null)
    {
        var canonical = SigV4Canonicalizer.CanonicalRequest(
            request, signedHeaders.Split(';'), payloadHash ?? SigV4Canonicalizer.PayloadHash(request.Body.Span), presigned);
        var stringToSign = SigV4Canonicalizer.StringToSign(AmzDate(at), Scope(at), canonical);
        var key = Encoding.UTF8.GetBytes("AWS4" + Secret);
        foreach (var part in Scope(at).Split('/'))
        {
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        }

        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
    }

    public string Scope(DateTimeOffset at) => $"{AmzDate(at)[..8]}/{Region}/{Service}/aws4_request";

    public static SigV4Request WithHeader(SigV4Request request, string name, string value) =>
        request with { Headers = [.. request.Headers, new(name, value)] };

    public static SigV4Request WithoutHeader(SigV4Request request, string name) =>
        request with
        {
            Headers = [.. request.Headers.Where(h => !string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase))],
        };

    public static SigV4Request ReplaceHeader(SigV4Request request, string name, string value) =>
        WithHeader(WithoutHeader(request, name), name, value);
}
