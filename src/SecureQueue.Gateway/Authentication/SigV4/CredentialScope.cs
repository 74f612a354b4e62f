using Microsoft.AspNetCore.Http;

namespace SecureQueue.Gateway.Authentication.SigV4;

/// <summary>
/// Reads the service and region a request's SigV4 credential scope names (<c>AKID/date/region/service/aws4_request</c>), from the
/// Authorization header or a presigned URL, without verifying anything: routing uses it to pick the protocol module
/// (STS and SQS share <c>POST /</c> with form bodies); the module's verifier then checks the whole signature.
/// </summary>
public static class CredentialScope
{
    private const string HeaderKey = "Credential=";

    public static string? ServiceOf(HttpRequest request) => Element(request, 3);

    /// <summary>The region the scope names, unverified.</summary>
    public static string? RegionOf(HttpRequest request) => Element(request, 2);

    private static string? Element(HttpRequest request, int index)
    {
        var scope = request.Headers.Authorization.ToString() is { Length: > 0 } authorization
            ? FromHeader(authorization)
            : request.Query["X-Amz-Credential"].ToString();
        var parts = scope.Split('/');
        return parts.Length == 5 ? parts[index] : null;
    }

    private static string FromHeader(string authorization)
    {
        var start = authorization.IndexOf(HeaderKey, StringComparison.Ordinal);
        if (start < 0)
        {
            return string.Empty;
        }

        start += HeaderKey.Length;
        var end = authorization.IndexOfAny([',', ' '], start);
        return authorization[start..(end < 0 ? authorization.Length : end)];
    }
}
