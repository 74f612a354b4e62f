using Microsoft.AspNetCore.Http;
using SecureQueue.Gateway.Authentication;
using SecureQueue.Gateway.Calls;
using SecureQueue.Sqs.Errors;
using SecureQueue.Sqs.Protocol;
using SecureQueue.Policies.Evaluation;
using SecureQueue.Log.Events;
using SecureQueue.Log.Queues;
using SecureQueue.Gateway.Identity;

namespace SecureQueue.Sqs;

/// <summary>
/// SQS on the call pipeline, in both of its wire protocols: AWS JSON 1.0 (<c>X-Amz-Target: AmazonSQS.*</c>) and
/// AWS Query (form bodies and query strings). Failures become SQS errors here and nowhere else.
/// </summary>
internal sealed class SqsCallProtocol(SqsServices services, SqsActions actions, QueueDirectory directory) : ICallProtocol
{
    public string EventSource => "sqs.amazonaws.com";

    public string SigningService => "sqs";

    public ProtocolCall Decode(HttpContext http, Guid requestId, RequestOrigin origin, ReadOnlyMemory<byte> body)
    {
        var protocol = ProtocolDecoder.Detect(http.Request);
        var (action, parameters) = ProtocolDecoder.Decode(http.Request, protocol, body);
        return new SqsCall(new ApiCall(requestId, protocol, action, parameters, origin), actions.Find(action), services, directory);
    }

    public CallFailedException TooLarge(int limit) => SqsErrors.RequestTooLarge(limit);

    public CallFailedException NotAuthenticated(AuthenticationResult result) => SqsErrors.Authentication(result);

    public CallFailedException Denied(Decision decision) => SqsErrors.AccessDenied(decision.ToAccessDeniedMessage());

    public CallFailedException KeyDenied(Decision decision) => SqsErrors.KmsAccessDenied(decision.ToAccessDeniedMessage());

    public CallFailedException Aborted() => SqsErrors.RequestAborted();

    public CallFailedException InternalFailure() => SqsErrors.InternalFailure();

    public Task WriteErrorAsync(HttpContext http, Guid requestId, CallFailedException failure)
    {
        var error = failure as SqsException ?? SqsErrors.InternalFailure();
        var protocol = ProtocolDecoder.Detect(http.Request);
        foreach (var (name, value) in error.Headers)
        {
            http.Response.Headers[name] = value;
        }

        if (protocol == SqsProtocol.Json)
        {
            http.Response.Headers["x-amzn-query-error"] = $"{error.Code.QueryCode};{(error.Code.SenderFault ? "Sender" : "Receiver")}";
            return WriteAsync(http, requestId, protocol, error.Code.Status, ResponseEncoders.JsonError(error.Code.JsonType, error.Message));
        }

        return WriteAsync(http, requestId, protocol, error.Code.Status, ResponseEncoders.XmlError(error.Code.QueryCode, error.Code.SenderFault, error.QueryMessage, requestId));
    }

    internal static Task WriteAsync(HttpContext http, Guid requestId, SqsProtocol protocol, int status, byte[] body) =>
        CallResponse.WriteAsync(http, requestId, status, protocol == SqsProtocol.Json ? "application/x-amz-json-1.0" : "text/xml", body);
}
