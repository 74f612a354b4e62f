using Microsoft.AspNetCore.Http;

namespace SecureQueue.Gateway.Authentication.SigV4;

/// <summary>
/// Reads the service a request's SigV4 credential scope names (<c>AKID/date/region/service/aws4_request</c>), from the
/// Authorization header or a presigned URL, without verifying anything: routing uses it to pick the protocol module
/// (STS and SQS share <c>POST /</c> with form bodies); the module's verifier then checks the whole signature.
/// </summary>
public static class CredentialScope
{
    private const string HeaderKey = "Credential=";

    public static string? ServiceOf(HttpRequest request)
    {
        var scope = request.Headers.Authorization.ToString() is { Length: > 0 } authorization
            ? FromHeader(authorization)
            : request.Query["X-Amz-Credential"].ToString();
        var parts = scope.Split('/');
        return parts.Length == 5 ? parts[3] : null;
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
