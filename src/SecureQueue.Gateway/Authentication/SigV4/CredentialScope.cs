using Microsoft.AspNetCore.Http;

namespace SecureQueue.Gateway.Authentication.SigV4;

/// <summary>
/// Reads the service and region a request's SigV4 credential scope names (<c>AKID/date/region/service/aws4_request</c>), from the
/// Authorization header or a presigned URL, without verifying anything: routing uses it to pick the protocol module
/// (STS and SQS share <c>POST /</c> with form bodies) and the call's region; the module's verifier then checks the whole
/// signature, over the same scope (the header is read by the verifier's own parser).
/// </summary>
public static class CredentialScope
{
    private const string QueryKey = "X-Amz-Credential";

    public static string? ServiceOf(HttpRequest request) => Element(request, 3);

    /// <summary>The region the scope names, unverified.</summary>
    public static string? RegionOf(HttpRequest request) => Element(request, 2);

    private static string? Element(HttpRequest request, int index)
    {
        var scope = request.Headers.Authorization.ToString() is { Length: > 0 } authorization
            ? FromHeader(authorization)
            : FromQuery(request.QueryString.Value);
        var parts = scope.Split('/');
        return parts.Length == 5 ? parts[index] : null;
    }

    /// <summary>
    /// <c>X-Amz-Credential</c> from the raw query string, decoded as <c>Request.Query</c> would decode it (repeated values
    /// joined with ','), without decoding every other parameter: a presigned Query call carries its whole message there.
    /// </summary>
    private static string FromQuery(string? query)
    {
        var rest = (query ?? string.Empty).AsSpan().TrimStart('?');
        var values = new List<string>(1);
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf('&');
            var pair = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 1)..];
            var equals = pair.IndexOf('=');
            var name = equals < 0 ? pair : pair[..equals];
            if (name.ContainsAny('%', '+') ? Decode(name) == QueryKey : name.SequenceEqual(QueryKey))
            {
                values.Add(Decode(equals < 0 ? [] : pair[(equals + 1)..]));
            }
        }

        return string.Join(',', values);
    }

    private static string Decode(ReadOnlySpan<char> text) =>
        text.ContainsAny('%', '+') ? Uri.UnescapeDataString(text.ToString().Replace('+', ' ')) : text.ToString();

    private static string FromHeader(string authorization) => SigV4AuthorizationParser.HeaderCredential(authorization) ?? string.Empty;
}
