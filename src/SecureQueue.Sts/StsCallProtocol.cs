using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using SecureQueue.Gateway.Authentication;
using SecureQueue.Gateway.Calls;
using SecureQueue.Log.Events;
using SecureQueue.Policies.Evaluation;
using SecureQueue.Gateway.Identity;

namespace SecureQueue.Sts;

/// <summary>
/// STS on the call pipeline, serving <c>GetCallerIdentity</c> only, in AWS Query (how botocore, the AWS CLI and the
/// JavaScript SDK call STS: a form on <c>POST /</c>, told apart from SQS's by the credential scope's service <c>sts</c>)
/// and in AWS JSON 1.0 (<c>X-Amz-Target: AWSSecurityTokenServiceV20110615.*</c>, usable with any credential, a bearer
/// token or a client certificate too). Failures become STS errors here and nowhere else.
/// </summary>
internal sealed class StsCallProtocol(LogWriter writer) : ICallProtocol
{
    public const string SigningName = "sts";
    public const string Version = "2011-06-15";
    public static readonly IReadOnlyList<string> TargetPrefixes = ["AWSSecurityTokenServiceV20110615."];
    internal const string JsonContentType = "application/x-amz-json-1.0";

    public string EventSource => "sts.amazonaws.com";

    public string SigningService => SigningName;

    public ProtocolCall Decode(HttpContext http, Guid requestId, RequestOrigin origin, ReadOnlyMemory<byte> body) =>
        IsJson(http.Request) ? DecodeJson(http.Request, body) : DecodeQuery(http.Request, body);

    public CallFailedException TooLarge(int limit) => StsErrors.RequestTooLarge(limit);

    public CallFailedException NotAuthenticated(AuthenticationResult result) => StsErrors.Authentication(result);

    public CallFailedException Denied(Decision decision) => StsErrors.AccessDenied(decision.ToAccessDeniedMessage());

    public CallFailedException KeyDenied(Decision decision) => StsErrors.AccessDenied(decision.ToAccessDeniedMessage());

    public CallFailedException Aborted() => StsErrors.RequestAborted();

    public CallFailedException InternalFailure() => StsErrors.InternalFailure();

    public Task WriteErrorAsync(HttpContext http, Guid requestId, CallFailedException failure)
    {
        var error = failure as StsException ?? StsErrors.InternalFailure();
        foreach (var (name, value) in error.Headers)
        {
            http.Response.Headers[name] = value;
        }

        if (IsJson(http.Request))
        {
            http.Response.Headers["x-amzn-query-error"] = $"{error.Code.Code};{(error.Code.SenderFault ? "Sender" : "Receiver")}";
            return CallResponse.WriteAsync(http, requestId, error.Code.Status, JsonContentType, StsResponses.JsonError(error));
        }

        return CallResponse.WriteAsync(http, requestId, error.Code.Status, "text/xml", StsResponses.XmlError(error, requestId));
    }

    internal static bool IsJson(HttpRequest request) =>
        request.Headers["X-Amz-Target"] is { Count: 1 } target && target[0] is { } value && value.StartsWith(TargetPrefixes[0], StringComparison.Ordinal);

    private GetCallerIdentityCall DecodeJson(HttpRequest request, ReadOnlyMemory<byte> body)
    {
        var operation = request.Headers["X-Amz-Target"].ToString()[TargetPrefixes[0].Length..];
        if (!HttpMethods.IsPost(request.Method))
        {
            throw StsErrors.Serialization("AWS JSON 1.0 requests must use POST.");
        }

        if (!string.Equals((request.ContentType ?? string.Empty).Split(';', 2)[0].Trim(), JsonContentType, StringComparison.OrdinalIgnoreCase))
        {
            throw StsErrors.Serialization($"Requests to STS over AWS JSON must use {JsonContentType}.");
        }

        RequireObject(body);
        return Operation(operation);
    }

    // GET with a query string or POST with a form body, as AWS Query allows; the two are not merged, as at AWS.
    private GetCallerIdentityCall DecodeQuery(HttpRequest request, ReadOnlyMemory<byte> body)
    {
        var parameters = HttpMethods.IsPost(request.Method) && body.Length > 0
            ? QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body.Span))
            : QueryHelpers.ParseQuery(request.QueryString.Value);
        if (parameters.TryGetValue("Version", out var version) && version.ToString() != Version)
        {
            throw StsErrors.InvalidVersion(version.ToString());
        }

        return parameters.TryGetValue("Action", out var action) && action.ToString().Length > 0
            ? Operation(action.ToString())
            : throw StsErrors.MissingAction();
    }

    private GetCallerIdentityCall Operation(string operation) =>
        operation == GetCallerIdentityCall.Action ? new GetCallerIdentityCall(writer) : throw StsErrors.InvalidAction(operation);

    // GetCallerIdentity has no members; an empty body or any object is accepted (unknown members are ignored, as AWS does).
    private static void RequireObject(ReadOnlyMemory<byte> body)
    {
        if (body.IsEmpty)
        {
            return;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw StsErrors.Serialization("The request body must be a JSON object.");
            }
        }
        catch (JsonException)
        {
            throw StsErrors.Serialization("The request body is not valid JSON.");
        }
    }
}
