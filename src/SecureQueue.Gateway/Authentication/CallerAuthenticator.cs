using Microsoft.AspNetCore.Http;
using SecureQueue.Gateway.Authentication.Certificates;
using SecureQueue.Gateway.Authentication.Jwt;

namespace SecureQueue.Gateway.Authentication;

/// <summary>
/// Picks the credential a request presents: a bearer token, else a SigV4 signature (header or presigned), else a
/// validated client certificate. A request with none fails as SigV4 does: missing credentials.
/// </summary>
public sealed class CallerAuthenticator(SigV4Authenticator sigV4, JwtAuthenticator jwt, CertificateAuthenticator certificates)
{
    /// <param name="signingService">The SigV4 service the request's protocol answers for (<c>sqs</c>, <c>cloudtrail</c>).</param>
    /// <param name="allowUnsignedPayload">The protocol accepts SigV4 <c>UNSIGNED-PAYLOAD</c> (its bodies need not be signed).</param>
    public async Task<AuthenticationResult> AuthenticateAsync(HttpContext http, ReadOnlyMemory<byte> body, string signingService, bool allowUnsignedPayload = false)
    {
        var authorization = http.Request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return await jwt.AuthenticateAsync(http);
        }

        var presigned = http.Request.Query.ContainsKey("X-Amz-Signature") || http.Request.Query.ContainsKey("X-Amz-Credential");
        if (authorization.Length == 0 && !presigned && http.Connection.ClientCertificate is { } certificate)
        {
            return certificates.Authenticate(certificate);
        }

        return sigV4.Authenticate(http, body, signingService, allowUnsignedPayload);
    }
}
