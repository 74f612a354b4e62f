using Microsoft.AspNetCore.Http;
using SecureQueue.Gateway.Authentication;
using SecureQueue.Gateway.Authorization;
using SecureQueue.Policies.Evaluation;
using SecureQueue.Log.Events;
using SecureQueue.Gateway.Identity;

namespace SecureQueue.Gateway.Calls;

/// <summary>
/// One wire protocol on the <see cref="CallPipeline"/>: it decodes its requests into calls, and it owns the one
/// place that turns neutral failures (authentication, denial, oversized body, server failure) into its wire errors
/// and writes answers. SQS (AWS JSON 1.0 and Query) is one; further protocols are one more implementation each.
/// </summary>
public interface ICallProtocol
{
    /// <summary>The service its calls are recorded under, as CloudTrail names it (e.g. <c>sqs.amazonaws.com</c>).</summary>
    string EventSource { get; }

    /// <summary>The service a SigV4 credential scope must name for this protocol (<c>sqs</c>, <c>cloudtrail</c>).</summary>
    string SigningService { get; }

    /// <summary>
    /// True when a SigV4 request may sign <c>UNSIGNED-PAYLOAD</c> instead of its body's hash (the front door, whose bodies
    /// stream to an upstream); false (the default) for protocols whose body is the call itself.
    /// </summary>
    bool AcceptsUnsignedPayload => false;

    /// <summary>Decodes one request. Bad input throws the protocol's <see cref="CallFailedException"/>; it is reported after authentication, as AWS orders it.</summary>
    ProtocolCall Decode(HttpContext http, Guid requestId, RequestOrigin origin, ReadOnlyMemory<byte> body);

    /// <summary>
    /// Reads the request's body for authentication (SigV4 hashes it) and decoding; null when it is over the limit. Protocols
    /// with limits of their own (a proxied route's) or requests that carry no body (a WebSocket upgrade) read it their way.
    /// </summary>
    Task<ReadOnlyMemory<byte>?> ReadBodyAsync(HttpContext http, int gatewayLimit) => RequestBody.ReadAsync(http.Request, gatewayLimit);

    /// <summary>
    /// The caller to use for a request that presented no credential at all, when this request may be served anonymously;
    /// null (the default) refuses it as not authenticated. A credential that fails to verify is never made anonymous.
    /// </summary>
    Caller? AnonymousCaller(HttpContext http) => null;

    CallFailedException TooLarge(int limit);

    CallFailedException NotAuthenticated(AuthenticationResult result);

    CallFailedException Denied(Decision decision);

    CallFailedException KeyDenied(Decision decision);

    CallFailedException Aborted();

    CallFailedException InternalFailure();

    Task WriteErrorAsync(HttpContext http, Guid requestId, CallFailedException failure);
}

/// <summary>A decoded call of one protocol, carried through the pipeline's stages.</summary>
public abstract class ProtocolCall
{
    /// <summary>The action's name for the audit record: a name the protocol knows, or <c>Unknown</c>.</summary>
    public abstract string AuditAction { get; }

    /// <summary>True for an action that changes nothing (CloudTrail's <c>readOnly</c>); null when the action is unknown.</summary>
    public virtual bool? ReadOnly => null;

    /// <summary>True for a data event (CloudTrail's <c>eventCategory</c> Data), false for a management event; null when unknown.</summary>
    public virtual bool? DataEvent => null;

    /// <summary>
    /// The request's parameters as a JSON object for the audit record (CloudTrail's <c>requestParameters</c>), with every
    /// secret, message body, attribute value and policy document replaced by a marker; null when there are none.
    /// </summary>
    public virtual ReadOnlyMemory<byte>? RequestParameters() => null;

    /// <summary>
    /// True for an action no policy can allow or deny, as at AWS (<c>sts:GetCallerIdentity</c> tells callers only who they
    /// are): the caller must still authenticate, and the call is audited with the decision <c>NotRequired</c>.
    /// </summary>
    public virtual bool NeedsNoPermission => false;

    /// <summary>True once the call's own event is committed (success or failure), so the pipeline does not record it again.</summary>
    public virtual bool Audited => false;

    /// <summary>
    /// What the call acts on: the resource ARN recorded in the audit (null when there is none) and the neutral input
    /// the authorizer decides on. Throws the protocol's error for a call it cannot run at all (an unknown action).
    /// </summary>
    public abstract ValueTask<(string? AuditResource, AuthorizationInput Input)> ResolveAsync(CancellationToken cancellation);

    /// <summary>Runs the authorized call (appending its event) and writes its answer.</summary>
    public abstract Task ExecuteAsync(HttpContext http, Caller caller, AuditEnvelope envelope);
}
