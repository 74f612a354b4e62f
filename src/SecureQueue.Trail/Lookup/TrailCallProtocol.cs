using System.Text.Json;
using Microsoft.AspNetCore.Http;
using SecureQueue.Gateway.Authentication;
using SecureQueue.Gateway.Calls;
using SecureQueue.Log.Events;
using SecureQueue.Policies.Evaluation;
using SecureQueue.Trail.Records;
using SecureQueue.Gateway.Identity;

namespace SecureQueue.Trail.Lookup;

/// <summary>
/// CloudTrail's AWS JSON 1.1 protocol on the call pipeline (<c>X-Amz-Target: com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.*</c>,
/// SigV4 service <c>cloudtrail</c>), serving LookupEvents over the gateway's own log. Failures become CloudTrail errors here and nowhere else.
/// </summary>
/// <remarks>
/// botocore (boto3, AWS CLI) sends the model's full target prefix; the AWS SDK for JavaScript v3 (Smithy) sends the
/// service shape's name alone, <c>CloudTrail_20131101.</c>. CloudTrail answers both, so both are routed here.
/// </remarks>
internal sealed class TrailCallProtocol(EventLookup lookup, NextTokenCodec tokens, LookupRateLimit rate, LogWriter writer, TrailSettings settings) : ICallProtocol
{
    public static readonly IReadOnlyList<string> TargetPrefixes = ["com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.", "CloudTrail_20131101."];
    private const string ContentType = "application/x-amz-json-1.1";

    public string EventSource => "cloudtrail.amazonaws.com";

    public string SigningService => "cloudtrail";

    public ProtocolCall Decode(HttpContext http, Guid requestId, RequestOrigin origin, ReadOnlyMemory<byte> body)
    {
        var request = http.Request;
        var target = request.Headers["X-Amz-Target"].ToString();
        var operation = target[TargetPrefixes.First(p => target.StartsWith(p, StringComparison.Ordinal)).Length..];
        if (operation != "LookupEvents")
        {
            throw TrailErrors.UnsupportedOperation(operation);
        }

        if (!HttpMethods.IsPost(request.Method))
        {
            throw TrailErrors.Serialization("AWS JSON 1.1 requests must use POST.");
        }

        if (!string.Equals((request.ContentType ?? string.Empty).Split(';', 2)[0].Trim(), ContentType, StringComparison.OrdinalIgnoreCase))
        {
            throw TrailErrors.Serialization($"Requests to CloudTrail must use {ContentType}.");
        }

        return new LookupEventsCall(requestId, body, lookup, tokens, rate, writer, settings);
    }

    public CallFailedException TooLarge(int limit) => TrailErrors.RequestTooLarge(limit);

    public CallFailedException NotAuthenticated(AuthenticationResult result) => TrailErrors.Authentication(result);

    public CallFailedException Denied(Decision decision) => TrailErrors.AccessDenied(decision.ToAccessDeniedMessage());

    // LookupEvents uses no key; a kms decision cannot deny it, but if one ever did, it is a denial like any other.
    public CallFailedException KeyDenied(Decision decision) => TrailErrors.AccessDenied(decision.ToAccessDeniedMessage());

    public CallFailedException Aborted() => TrailErrors.RequestAborted();

    public CallFailedException InternalFailure() => TrailErrors.InternalFailure();

    public Task WriteErrorAsync(HttpContext http, Guid requestId, CallFailedException failure)
    {
        var error = failure as TrailException ?? TrailErrors.InternalFailure();
        foreach (var (name, value) in error.Headers)
        {
            http.Response.Headers[name] = value;
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["__type"] = error.Code.Type, ["message"] = error.Message });
        return WriteAsync(http, requestId, error.Code.Status, body);
    }

    internal static Task WriteAsync(HttpContext http, Guid requestId, int status, byte[] body) => CallResponse.WriteAsync(http, requestId, status, ContentType, body);
}
