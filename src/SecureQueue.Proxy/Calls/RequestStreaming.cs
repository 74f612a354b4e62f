using Microsoft.AspNetCore.Http;
using SecureQueue.Gateway.Authentication.SigV4;

namespace SecureQueue.Proxy.Calls;

/// <summary>
/// Which request bodies the front door may stream to the upstream instead of reading them first. Only a SigV4 signature
/// over the body's hash needs the whole body before the caller is known, so that body is buffered (up to the route's
/// limit) and verified before any byte is forwarded. Bearer tokens, client certificates, anonymous requests and SigV4
/// <c>UNSIGNED-PAYLOAD</c> do not sign the body, so theirs streams. When in doubt (two Authorization headers, a presigned
/// URL, an unknown scheme) the body is buffered: the verifier then sees it, and a wrong guess can only fail closed.
/// </summary>
internal static class RequestStreaming
{
    public static bool CanStream(HttpRequest request)
    {
        var authorization = request.Headers.Authorization;
        if (authorization.Count > 1)
        {
            return false;
        }

        var value = authorization.ToString();
        if (value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (value.Length == 0)
        {
            // No credential header: a client certificate, an anonymous caller, or none at all (refused before forwarding).
            return !request.Query.ContainsKey("X-Amz-Signature") && !request.Query.ContainsKey("X-Amz-Credential");
        }

        return value.StartsWith(SigV4Canonicalizer.Algorithm + " ", StringComparison.Ordinal)
            && SigV4Verifier.IsUnsignedPayload(request.Headers["x-amz-content-sha256"]);
    }
}
