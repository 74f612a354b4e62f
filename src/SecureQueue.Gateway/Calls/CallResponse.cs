using Microsoft.AspNetCore.Http;

namespace SecureQueue.Gateway.Calls;

/// <summary>
/// What every AWS protocol's answer carries, success or error: the request id, and the Date header SDKs correct clock skew
/// from, which Kestrel adds to every response from a value it refreshes each second (formatting one per call cost more).
/// </summary>
public static class CallResponse
{
    public static async Task WriteAsync(HttpContext http, Guid requestId, int status, string contentType, byte[] body)
    {
        var response = http.Response;
        response.StatusCode = status;
        response.Headers["x-amzn-RequestId"] = requestId.ToString();
        response.ContentType = contentType;
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body);
    }
}
