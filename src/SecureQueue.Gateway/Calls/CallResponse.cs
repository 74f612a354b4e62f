using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace SecureQueue.Gateway.Calls;

/// <summary>What every AWS protocol's answer carries, success or error: the request id and a Date (SDKs correct clock skew from it).</summary>
public static class CallResponse
{
    public static async Task WriteAsync(HttpContext http, Guid requestId, int status, string contentType, byte[] body)
    {
        var response = http.Response;
        response.StatusCode = status;
        response.Headers["x-amzn-RequestId"] = requestId.ToString();
        response.Headers.Date = DateTimeOffset.UtcNow.ToString("R", CultureInfo.InvariantCulture);
        response.ContentType = contentType;
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body);
    }
}
