using System.Security.Cryptography;

namespace SecureQueue.Gateway.Authentication.SigV4;

/// <summary>
/// Builds the SigV4 canonical request and string to sign from a raw request, following botocore
/// (<c>botocore/auth.py</c>) for non-S3 services. Public so that tests and diagnostics can reproduce exactly what
/// the verifier signed; it never sees a secret.
/// </summary>
public static partial class SigV4Canonicalizer
{
    public const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>The query parameter that carries a presigned signature; it is never part of what was signed.</summary>
    public const string SignatureParameter = "X-Amz-Signature";

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
}
