using System.Diagnostics;
using System.Security.Authentication;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using SecureQueue.Gateway.Authentication;
using SecureQueue.Gateway.Authentication.SigV4;
using SecureQueue.Gateway.Authorization;
using SecureQueue.Gateway.Telemetry;
using SecureQueue.Log.Events;
using SecureQueue.Gateway.Identity;

namespace SecureQueue.Gateway.Calls;

/// <summary>
/// Every call of every protocol takes the same path: origin → body → decode → identify → authorize → execute
/// (which appends the call's event) → respond. A call that fails at any stage is still recorded, once, with its
/// error code; the protocol only decodes, runs and words the answer.
/// </summary>
public sealed partial class CallPipeline(
    GatewayOptions options, CallerAuthenticator authenticator, Authorizer authorizer, LogWriter writer, TimeProvider time, ILogger<CallPipeline> logger)
{
    /// <summary>The decision recorded for a call no policy decides (see <see cref="ProtocolCall.NeedsNoPermission"/>).</summary>
    public const string NoPermissionNeeded = "NotRequired";

    public async Task HandleAsync(HttpContext http, ICallProtocol protocol)
    {
        var started = Stopwatch.GetTimestamp();
        var call = new CallState(Guid.NewGuid(), Origin(http, options), protocol.EventSource);
        // The trace of the request carries the id its audit event carries, so one finds the other.
        Activity.Current?.SetTag("aws.request_id", call.RequestId.ToString());
        try
        {
            await RunAsync(http, protocol, call);
            call.Outcome = CallOutcome.Allowed;
        }
        catch (CallFailedException error)
        {
            var answer = await RecordAsync(call, error) ? error : protocol.InternalFailure();
            call.ErrorCode = answer.ErrorCode;
            await protocol.WriteErrorAsync(http, call.RequestId, answer);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // Nobody is left to answer, but the call still happened.
            var aborted = protocol.Aborted();
            call.ErrorCode = aborted.ErrorCode;
            await RecordAsync(call, aborted);
        }
        catch (Exception exception)
        {
            LogUnexpected(logger, call.RequestId, call.Envelope.Action, exception);
            var failure = protocol.InternalFailure();
            call.ErrorCode = failure.ErrorCode;
            await RecordAsync(call, failure);
            await protocol.WriteErrorAsync(http, call.RequestId, failure);
        }
        finally
        {
            var labels = new CallLabels(WireProtocol.Of(http.Request), protocol.SigningService, call.Envelope.Action);
            GatewayMetrics.Call(labels, call.Outcome, call.ErrorCode, Stopwatch.GetElapsedTime(started));
            Activity.Current?.SetTag("aws.operation", call.Envelope.Action);
        }
    }

    /// <summary>Body, decode, identify, authorize, execute: each stage adds what it learnt to the call's audit envelope first.</summary>
    private async Task RunAsync(HttpContext http, ICallProtocol protocol, CallState call)
    {
        ReadOnlyMemory<byte>? read;
        try
        {
            read = await protocol.ReadBodyAsync(http, options.MaxRequestBytes);
        }
        catch (BadHttpRequestException)
        {
            // Kestrel refused the body: it ended before the length it announced (the client left, and the connection's
            // abort may be signalled only after this), or its chunked framing was broken. Either way the client's doing,
            // recorded as an aborted call, not as a fault of the gateway's.
            throw protocol.Aborted();
        }

        var body = read ?? throw protocol.TooLarge(options.MaxRequestBytes);
        CallFailedException? decodeError = null;
        try
        {
            call.Decoded = protocol.Decode(http, call.RequestId, call.Origin, body);
            call.Envelope = call.Envelope with { Action = call.Decoded.AuditAction, ReadOnly = call.Decoded.ReadOnly, DataEvent = call.Decoded.DataEvent };
        }
        catch (CallFailedException error)
        {
            decodeError = error;
        }

        // Authentication decides first, as at AWS; a bad body from a known caller is still audited under its principal,
        // and a failed signature under the access key it named.
        var caller = await IdentifyAsync(http, protocol, call, body);
        if (decodeError is not null)
        {
            throw decodeError;
        }

        var decoded = call.Decoded!;
        var (resource, input) = await decoded.ResolveAsync(http.RequestAborted);
        call.Envelope = call.Envelope with { ResourceArn = resource };
        if (decoded.NeedsNoPermission)
        {
            call.Envelope = call.Envelope with { Authorization = new AuthorizationRecord(NoPermissionNeeded, []) };
        }
        else
        {
            Authorize(protocol, call, caller, input);
        }

        await decoded.ExecuteAsync(http, caller, call.Envelope);
    }

    private async Task<Caller> IdentifyAsync(HttpContext http, ICallProtocol protocol, CallState call, ReadOnlyMemory<byte> body)
    {
        var authentication = await authenticator.AuthenticateAsync(http, body, protocol.SigningService, protocol.AcceptsUnsignedPayload);
        if (authentication is { Caller: null, Failure: AuthenticationFailure.MissingCredentials } && protocol.AnonymousCaller(http) is { } anonymous)
        {
            authentication = AuthenticationResult.Success(anonymous);
        }

        var caller = authentication.Caller;
        call.Envelope = call.Envelope with
        {
            PrincipalArn = caller?.PrincipalArn,
            AccessKeyId = authentication.AccessKeyId,
            AuthenticationMethod = caller?.Method.ToString(),
            CredentialId = caller?.CredentialId,
            UserName = caller?.UserName,
            CertificateSubject = caller?.CertificateSubject,

            // Only an authenticated caller's parameters are recorded: a request that fails authentication adds nothing
            // else it sent to the append-only log.
            RequestParameters = caller is null ? null : call.Decoded?.RequestParameters(),
        };
        if (caller is null)
        {
            call.Outcome = CallOutcome.Denied;
            throw protocol.NotAuthenticated(authentication);
        }

        return caller;
    }

    private void Authorize(ICallProtocol protocol, CallState call, Caller caller, AuthorizationInput input)
    {
        var authorization = authorizer.Authorize(caller, input, call.Origin, time.GetUtcNow());
        call.Envelope = call.Envelope with { Authorization = Authorizer.Record(authorization) };
        if (!authorization.Decision.IsAllowed)
        {
            call.Outcome = CallOutcome.Denied;
            throw protocol.Denied(authorization.Decision);
        }

        if (authorization.DeniedKey is { } keyDecision)
        {
            call.Outcome = CallOutcome.Denied;
            throw protocol.KeyDenied(keyDecision);
        }
    }

    /// <summary>
    /// Records a call that did not succeed, unless its own event already did; false when even that could not be written
    /// (the caller is then told of a server failure).
    /// </summary>
    private async Task<bool> RecordAsync(CallState call, CallFailedException failure)
    {
        if (call.Decoded?.Audited == true)
        {
            return true;
        }

        try
        {
            await writer.AppendFailureAsync(call.Envelope, failure);
            return true;
        }
        catch (Exception exception)
        {
            LogAuditLost(logger, call.RequestId, exception);
            return false;
        }
    }

    private static RequestOrigin Origin(HttpContext http, GatewayOptions options)
    {
        var tls = http.Features.Get<ITlsHandshakeFeature>();
        return new RequestOrigin(
            http.Request.Host.Value ?? "localhost",
            http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            http.Request.Headers.UserAgent.ToString() is { Length: > 0 } agent ? agent[..Math.Min(agent.Length, 1024)] : null,
            http.Request.IsHttps,
            tls is null ? null : TlsVersion(tls.Protocol),
            tls?.NegotiatedCipherSuite?.ToString(),
            http.Request.Path.Value ?? "/",
            RegionOf(http.Request, options));
    }

    /// <summary>
    /// The region a SigV4 credential scope names, when it is served; else the default region (bearer-token and
    /// certificate callers, or a scope the verifier will refuse). Read before authentication, so that a failed call is
    /// recorded in its region too; a call only runs after the verifier has checked this same scope (read by its own parser).
    /// </summary>
    private static string RegionOf(HttpRequest request, GatewayOptions options) =>
        !request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
        && CredentialScope.RegionOf(request) is { } region && options.ServedRegions.Contains(region)
            ? region
            : options.Region;

    private static string TlsVersion(SslProtocols protocol) => protocol switch
    {
        SslProtocols.Tls13 => "TLSv1.3",
        SslProtocols.Tls12 => "TLSv1.2",
        _ => protocol.ToString(),
    };

    /// <summary>One call on its way through the pipeline: what is known of it so far, as its audit event will record it.</summary>
    private sealed class CallState(Guid requestId, RequestOrigin origin, string eventSource)
    {
        public Guid RequestId { get; } = requestId;

        public RequestOrigin Origin { get; } = origin;

        public AuditEnvelope Envelope { get; set; } =
            new(requestId, "Unknown", null, null, origin.SourceIp, origin.UserAgent, null, origin.TlsVersion, origin.TlsCipher)
            {
                EventSource = eventSource,
                Region = origin.Region,
                Host = origin.Host,
            };

        public ProtocolCall? Decoded { get; set; }

        public CallOutcome Outcome { get; set; } = CallOutcome.Failed;

        public string? ErrorCode { get; set; }
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Error, Message = "Request {RequestId} ({Action}) failed unexpectedly")]
    private static partial void LogUnexpected(ILogger logger, Guid requestId, string action, Exception exception);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Critical, Message = "Request {RequestId} could not be audited")]
    private static partial void LogAuditLost(ILogger logger, Guid requestId, Exception exception);
}
