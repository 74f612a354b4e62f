using Microsoft.AspNetCore.Http;

namespace SecureQueue.Gateway.Telemetry;

/// <summary>The AWS wire protocol a request speaks, by Smithy's names, for metric labels: one of three values whatever the caller sent.</summary>
public static class WireProtocol
{
    public static string Of(HttpRequest request)
    {
        if (!request.Headers.ContainsKey("X-Amz-Target"))
        {
            return "awsQuery";
        }

        var contentType = request.ContentType ?? string.Empty;
        return contentType.StartsWith("application/x-amz-json-1.1", StringComparison.OrdinalIgnoreCase) ? "awsJson1_1" : "awsJson1_0";
    }
}
