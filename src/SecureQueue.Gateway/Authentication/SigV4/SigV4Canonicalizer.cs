using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace SecureQueue.Gateway.Authentication.SigV4;

/// <summary>
/// Builds the SigV4 canonical request and string to sign from a raw request, following botocore
/// (<c>botocore/auth.py</c>) for non-S3 services. Public so that tests and diagnostics can reproduce exactly what
/// the verifier signed; it never sees a secret.
/// </summary>
public static class SigV4Canonicalizer
{
    public const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>The query parameter that carries a presigned signature; it is never part of what was signed.</summary>
    public const string SignatureParameter = "X-Amz-Signature";

    private static readonly SearchValues<char> Unreserved =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~");

    /// <summary>Normalizes the raw path and encodes it again, like <c>quote(normalize_url_path(path), safe='/~')</c>.</summary>
    public static string CanonicalPath(string rawTarget)
    {
        ArgumentNullException.ThrowIfNull(rawTarget);
        var path = PathOf(rawTarget);
        return SigV4Encoding.Encode(SigV4Encoding.RemoveDotSegments(path), keepSlash: true);
    }

    /// <summary>
    /// Decodes each raw name and value, re-encodes them strictly (space as "%20"), sorts by encoded name and then
    /// encoded value, and joins with '&amp;'. Re-encoding makes a client's loose encoding ("ሴ", "%7e") and its strict
    /// encoding canonicalize identically.
    /// </summary>
    public static string CanonicalQuery(string rawTarget, bool excludeSignature) => CanonicalQuery(ParseQuery(rawTarget), excludeSignature);

    private static string CanonicalQuery(IReadOnlyList<QueryParameter> query, bool excludeSignature)
    {
        var pairs = query
            .Where(p => !(excludeSignature && p.Name == SignatureParameter))
            .OrderBy(p => p.EncodedName, StringComparer.Ordinal)
            .ThenBy(p => p.EncodedValue, StringComparer.Ordinal)
            .ToList();
        var builder = new StringBuilder(pairs.Sum(p => p.EncodedName.Length + p.EncodedValue.Length + 2));
        foreach (var pair in pairs)
        {
            if (builder.Length > 0)
            {
                builder.Append('&');
            }

            builder.Append(pair.EncodedName).Append('=').Append(pair.EncodedValue);
        }

        return builder.ToString();
    }

    /// <summary>
    /// One "name:value\n" line per signed header. Repeated headers are joined with ',' in arrival order; values are
    /// trimmed and whitespace runs collapsed. A signed header that is absent contributes an empty value, so the
    /// signature, not this method, decides.
    /// </summary>
    public static string CanonicalHeaders(
        IReadOnlyList<KeyValuePair<string, string>> headers, IReadOnlyList<string> signedHeaders)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(signedHeaders);
        var builder = new StringBuilder();
        foreach (var name in signedHeaders)
        {
            var values = headers
                .Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase))
                .Select(h => SigV4Encoding.Trimall(h.Value ?? string.Empty));
            builder.Append(name).Append(':').AppendJoin(',', values).Append('\n');
        }

        return builder.ToString();
    }

    /// <param name="request">The raw request.</param>
    /// <param name="signedHeaders">Lowercase, sorted header names, as validated by the verifier.</param>
    /// <param name="payloadHash">Lowercase hex SHA-256 of the body.</param>
    /// <param name="presigned">True to leave <c>X-Amz-Signature</c> out of the canonical query.</param>
    public static string CanonicalRequest(
        SigV4Request request, IReadOnlyList<string> signedHeaders, string payloadHash, bool presigned)
    {
        ArgumentNullException.ThrowIfNull(request);
        return CanonicalRequest(request, ParseQuery(request.RawTarget), signedHeaders, payloadHash, presigned);
    }

    /// <summary>The canonical request from a query already parsed by <see cref="ParseQuery"/> (the verifier parses it once).</summary>
    internal static string CanonicalRequest(
        SigV4Request request, IReadOnlyList<QueryParameter> query, IReadOnlyList<string> signedHeaders, string payloadHash, bool presigned)
    {
        return string.Join(
            '\n',
            request.Method.ToUpperInvariant(),
            CanonicalPath(request.RawTarget),
            CanonicalQuery(query, presigned),
            CanonicalHeaders(request.Headers, signedHeaders),
            string.Join(';', signedHeaders),
            payloadHash);
    }

    /// <param name="amzDate">The request timestamp, <c>yyyyMMddTHHmmssZ</c>.</param>
    /// <param name="credentialScope"><c>yyyymmdd/region/service/aws4_request</c>.</param>
    /// <param name="canonicalRequest">The output of <see cref="CanonicalRequest(SigV4Request, IReadOnlyList{string}, string, bool)"/>.</param>
    public static string StringToSign(string amzDate, string credentialScope, string canonicalRequest)
    {
        ArgumentNullException.ThrowIfNull(canonicalRequest);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)));
        return string.Join('\n', Algorithm, amzDate, credentialScope, hash);
    }

    public static string PayloadHash(ReadOnlySpan<byte> body) => Convert.ToHexStringLower(SHA256.HashData(body));

    internal static IReadOnlyList<QueryParameter> ParseQuery(string rawTarget)
    {
        var start = rawTarget.IndexOf('?', StringComparison.Ordinal);
        if (start < 0)
        {
            return [];
        }

        var result = new List<QueryParameter>();
        var rest = rawTarget.AsSpan(start + 1);
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf('&');
            var pair = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 1)..];

            // Empty segments ("a=1&&b=2", a trailing '&') carry no parameter; no SigV4 signer emits them.
            if (pair.IsEmpty)
            {
                continue;
            }

            var equals = pair.IndexOf('=');
            var rawName = equals < 0 ? pair : pair[..equals];
            var rawValue = equals < 0 ? [] : pair[(equals + 1)..];

            // Unreserved characters alone decode to themselves and encode back unchanged: most parameters, and all of a
            // presigned URL's own.
            if (!rawName.ContainsAnyExcept(Unreserved) && !rawValue.ContainsAnyExcept(Unreserved))
            {
                var (name, value) = (rawName.ToString(), rawValue.ToString());
                result.Add(new QueryParameter(name, value, name, value));
                continue;
            }

            var decodedName = SigV4Encoding.Decode(rawName.ToString());
            var decodedValue = SigV4Encoding.Decode(rawValue.ToString());
            result.Add(new QueryParameter(
                Encoding.UTF8.GetString(decodedName),
                Encoding.UTF8.GetString(decodedValue),
                SigV4Encoding.Encode(decodedName, keepSlash: false),
                SigV4Encoding.Encode(decodedValue, keepSlash: false)));
        }

        return result;
    }

    // Absolute-form targets ("http://host/path", sent to proxies) are signed by their path alone.
    private static string PathOf(string rawTarget)
    {
        var query = rawTarget.IndexOf('?', StringComparison.Ordinal);
        var path = query < 0 ? rawTarget : rawTarget[..query];
        var scheme = path.IndexOf("://", StringComparison.Ordinal);
        if (!path.StartsWith('/') && scheme >= 0)
        {
            var slash = path.IndexOf('/', scheme + 3);
            path = slash < 0 ? "/" : path[slash..];
        }

        return path;
    }

    internal sealed record QueryParameter(string Name, string Value, string EncodedName, string EncodedValue);
}
