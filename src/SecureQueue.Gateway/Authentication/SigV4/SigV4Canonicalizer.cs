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

    private static readonly SearchValues<char> PathCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~/");

    /// <summary>Normalizes the raw path and encodes it again, like <c>quote(normalize_url_path(path), safe='/~')</c>.</summary>
    public static string CanonicalPath(string rawTarget)
    {
        ArgumentNullException.ThrowIfNull(rawTarget);
        return CanonicalPathOf(PathOf(rawTarget)).ToString();
    }

    /// <summary>
    /// Decodes each raw name and value, re-encodes them strictly (space as "%20"), sorts by encoded name and then
    /// encoded value, and joins with '&amp;'. Re-encoding makes a client's loose encoding ("ሴ", "%7e") and its strict
    /// encoding canonicalize identically.
    /// </summary>
    public static string CanonicalQuery(string rawTarget, bool excludeSignature)
    {
        using var output = new Utf8Buffer(rawTarget.Length);
        WriteQuery(output, ParseQuery(rawTarget), excludeSignature);
        return output.ToString();
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
        using var output = new Utf8Buffer(256);
        WriteHeaders(output, headers, signedHeaders);
        return output.ToString();
    }

    /// <param name="request">The raw request.</param>
    /// <param name="signedHeaders">Lowercase, sorted header names, as validated by the verifier.</param>
    /// <param name="payloadHash">Lowercase hex SHA-256 of the body.</param>
    /// <param name="presigned">True to leave <c>X-Amz-Signature</c> out of the canonical query.</param>
    public static string CanonicalRequest(
        SigV4Request request, IReadOnlyList<string> signedHeaders, string payloadHash, bool presigned)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var output = new Utf8Buffer(request.RawTarget.Length + 512);
        WriteRequest(output, request, ParseQuery(request.RawTarget), signedHeaders, payloadHash, presigned);
        return output.ToString();
    }

    /// <param name="amzDate">The request timestamp, <c>yyyyMMddTHHmmssZ</c>.</param>
    /// <param name="credentialScope"><c>yyyymmdd/region/service/aws4_request</c>.</param>
    /// <param name="canonicalRequest">The output of <see cref="CanonicalRequest(SigV4Request, IReadOnlyList{string}, string, bool)"/>.</param>
    public static string StringToSign(string amzDate, string credentialScope, string canonicalRequest)
    {
        ArgumentNullException.ThrowIfNull(canonicalRequest);
        using var canonical = new Utf8Buffer(canonicalRequest.Length);
        canonical.Append(canonicalRequest);
        using var output = new Utf8Buffer(256);
        WriteStringToSign(output, amzDate, credentialScope, canonical.Written);
        return output.ToString();
    }

    /// <summary>
    /// Writes the string to sign of a request, as UTF-8: the bytes the signature's HMAC covers. The canonical request is
    /// written as bytes and hashed there, never built as a string (a presigned send carries its message in the query).
    /// </summary>
    internal static void WriteStringToSign(
        Utf8Buffer output, SigV4Request request, IReadOnlyList<QueryParameter> query, IReadOnlyList<string> signedHeaders,
        string payloadHash, bool presigned, string amzDate, string credentialScope)
    {
        using var canonical = new Utf8Buffer(request.RawTarget.Length + 512);
        WriteRequest(canonical, request, query, signedHeaders, payloadHash, presigned);
        WriteStringToSign(output, amzDate, credentialScope, canonical.Written);
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

    private static void WriteStringToSign(Utf8Buffer output, string amzDate, string credentialScope, ReadOnlySpan<byte> canonicalRequest)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(canonicalRequest, hash);
        Span<char> hex = stackalloc char[SHA256.HashSizeInBytes * 2];
        Convert.TryToHexStringLower(hash, hex, out _);
        output.Append(Algorithm).Append((byte)'\n').Append(amzDate).Append((byte)'\n').Append(credentialScope).Append((byte)'\n').Append(hex);
    }

    private static void WriteRequest(
        Utf8Buffer output, SigV4Request request, IReadOnlyList<QueryParameter> query, IReadOnlyList<string> signedHeaders,
        string payloadHash, bool presigned)
    {
        output.Append(request.Method.ToUpperInvariant()).Append((byte)'\n');
        output.Append(CanonicalPathOf(PathOf(request.RawTarget))).Append((byte)'\n');
        WriteQuery(output, query, presigned);
        output.Append((byte)'\n');
        WriteHeaders(output, request.Headers, signedHeaders);
        output.Append((byte)'\n');
        for (var i = 0; i < signedHeaders.Count; i++)
        {
            if (i > 0)
            {
                output.Append((byte)';');
            }

            output.Append(signedHeaders[i]);
        }

        output.Append((byte)'\n').Append(payloadHash);
    }

    private static void WriteQuery(Utf8Buffer output, IReadOnlyList<QueryParameter> query, bool excludeSignature)
    {
        var pairs = new QueryParameter[query.Count];
        var count = 0;
        foreach (var parameter in query)
        {
            if (!(excludeSignature && parameter.Name == SignatureParameter))
            {
                pairs[count++] = parameter;
            }
        }

        // Pairs that compare equal are equal strings, so an unstable sort writes the same bytes as a stable one.
        Array.Sort(pairs, 0, count, EncodedOrder.Instance);
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                output.Append((byte)'&');
            }

            output.Append(pairs[i].EncodedName).Append((byte)'=').Append(pairs[i].EncodedValue);
        }
    }

    private static void WriteHeaders(
        Utf8Buffer output, IReadOnlyList<KeyValuePair<string, string>> headers, IReadOnlyList<string> signedHeaders)
    {
        foreach (var name in signedHeaders)
        {
            output.Append(name).Append((byte)':');
            var first = true;
            foreach (var header in headers)
            {
                if (string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase))
                {
                    if (!first)
                    {
                        output.Append((byte)',');
                    }

                    WriteTrimmed(output, header.Value ?? string.Empty);
                    first = false;
                }
            }

            output.Append((byte)'\n');
        }
    }

    /// <summary>
    /// SigV4 "Trimall": trims and collapses every whitespace run (including obsolete line folding) to one space,
    /// even inside quotes, like botocore's <c>' '.join(value.split())</c>. Runs end only at whitespace, which is never
    /// half of a surrogate pair, so each run encodes as it would inside the whole value.
    /// </summary>
    private static void WriteTrimmed(Utf8Buffer output, ReadOnlySpan<char> value)
    {
        var wrote = false;
        var i = 0;
        while (i < value.Length)
        {
            while (i < value.Length && char.IsWhiteSpace(value[i]))
            {
                i++;
            }

            var start = i;
            while (i < value.Length && !char.IsWhiteSpace(value[i]))
            {
                i++;
            }

            if (i > start)
            {
                if (wrote)
                {
                    output.Append((byte)' ');
                }

                output.Append(value[start..i]);
                wrote = true;
            }
        }
    }

    /// <summary>
    /// A path of unreserved characters and single slashes with no "." or ".." segment normalizes and encodes to itself:
    /// what SDKs send, checked without building the segments.
    /// </summary>
    private static bool IsCanonicalPath(ReadOnlySpan<char> path)
    {
        if (path.IsEmpty || path[0] != '/' || path.ContainsAnyExcept(PathCharacters))
        {
            return false;
        }

        var rest = path[1..];
        foreach (var range in rest.Split('/'))
        {
            var segment = rest[range];
            var last = range.End.GetOffset(rest.Length) == rest.Length;
            if ((segment.IsEmpty && !last) || segment is "." or "..")
            {
                return false;
            }
        }

        return true;
    }

    private static ReadOnlySpan<char> CanonicalPathOf(ReadOnlySpan<char> path) =>
        IsCanonicalPath(path) ? path : SigV4Encoding.Encode(SigV4Encoding.RemoveDotSegments(path.ToString()), keepSlash: true);

    // Absolute-form targets ("http://host/path", sent to proxies) are signed by their path alone.
    private static ReadOnlySpan<char> PathOf(string rawTarget)
    {
        var query = rawTarget.IndexOf('?', StringComparison.Ordinal);
        var path = query < 0 ? rawTarget.AsSpan() : rawTarget.AsSpan(0, query);
        var scheme = path.IndexOf("://", StringComparison.Ordinal);
        if (!path.StartsWith('/') && scheme >= 0)
        {
            var slash = path[(scheme + 3)..].IndexOf('/');
            path = slash < 0 ? "/" : path[(scheme + 3 + slash)..];
        }

        return path;
    }

    private sealed class EncodedOrder : IComparer<QueryParameter>
    {
        public static readonly EncodedOrder Instance = new();

        public int Compare(QueryParameter? x, QueryParameter? y)
        {
            var byName = string.CompareOrdinal(x!.EncodedName, y!.EncodedName);
            return byName != 0 ? byName : string.CompareOrdinal(x.EncodedValue, y.EncodedValue);
        }
    }

    internal sealed record QueryParameter(string Name, string Value, string EncodedName, string EncodedValue);
}
