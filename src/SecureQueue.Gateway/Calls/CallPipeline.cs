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
        var requestId = Guid.NewGuid();
        // The trace of the request carries the id its audit event carries, so one finds the other.
        Activity.Current?.SetTag("aws.request_id", requestId.ToString());
        var origin = Origin(http, options);
        var envelope = new AuditEnvelope(requestId, "Unknown", null, null, origin.SourceIp, origin.UserAgent, null, origin.TlsVersion, origin.TlsCipher)
        {
            EventSource = protocol.EventSource,
            Region = origin.Region,
            Host = origin.Host,
        };
        ProtocolCall? call = null;
        var outcome = CallOutcome.Failed;
        string? errorCode = null;
        try
        {
            var body = await protocol.ReadBodyAsync(http, options.MaxRequestBytes) ?? throw protocol.TooLarge(options.MaxRequestBytes);
            CallFailedException? decodeError = null;
            try
            {
                call = protocol.Decode(http, requestId, origin, body);
                envelope = envelope with { Action = call.AuditAction, ReadOnly = call.ReadOnly, DataEvent = call.DataEvent };
            }
            catch (CallFailedException error)
            {
                decodeError = error;
            }

            // Authentication decides first, as at AWS; a bad body from a known caller is still audited under its principal,
            // and a failed signature under the access key it named.
            var authentication = await authenticator.AuthenticateAsync(http, body, protocol.SigningService, protocol.AcceptsUnsignedPayload);
            if (authentication is { Caller: null, Failure: AuthenticationFailure.MissingCredentials } && protocol.AnonymousCaller(http) is { } anonymous)
            {
                authentication = AuthenticationResult.Success(anonymous);
            }

            envelope = envelope with
            {
                PrincipalArn = authentication.Caller?.PrincipalArn,
                AccessKeyId = authentication.AccessKeyId,
                AuthenticationMethod = authentication.Caller?.Method.ToString(),
                CredentialId = authentication.Caller?.CredentialId,
                UserName = authentication.Caller?.UserName,
                CertificateSubject = authentication.Caller?.CertificateSubject,
            };
            if (authentication.Caller is null)
            {
                outcome = CallOutcome.Denied;
                throw protocol.NotAuthenticated(authentication);
            }

            var caller = authentication.Caller;

            // Only an authenticated caller's parameters are recorded: a request that fails authentication adds nothing
            // else it sent to the append-only log.
            envelope = envelope with { RequestParameters = call?.RequestParameters() };
            if (decodeError is not null)
            {
                throw decodeError;
            }

            var (resource, input) = await call!.ResolveAsync(http.RequestAborted);
            envelope = envelope with { ResourceArn = resource };
            if (call.NeedsNoPermission)
            {
                envelope = envelope with { Authorization = new AuthorizationRecord(NoPermissionNeeded, []) };
                await call.ExecuteAsync(http, caller, envelope);
                return;
            }

            var authorization = authorizer.Authorize(caller, input, origin, time.GetUtcNow());
            envelope = envelope with { Authorization = Authorizer.Record(authorization) };
            if (!authorization.Decision.IsAllowed)
            {
                outcome = CallOutcome.Denied;
                throw protocol.Denied(authorization.Decision);
            }

            if (authorization.DeniedKey is { } keyDecision)
            {
                outcome = CallOutcome.Denied;
                throw protocol.KeyDenied(keyDecision);
            }

            await call.ExecuteAsync(http, caller, envelope);
            outcome = CallOutcome.Allowed;
        }
        catch (CallFailedException error)
        {
            var audited = call?.Audited == true || await TryAuditAsync(envelope, error);
            var answer = audited ? error : protocol.InternalFailure();
            errorCode = answer.ErrorCode;
            await protocol.WriteErrorAsync(http, requestId, answer);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // Nobody is left to answer, but the call still happened.
            var aborted = protocol.Aborted();
            errorCode = aborted.ErrorCode;
            if (call?.Audited != true)
            {
                await TryAuditAsync(envelope, aborted);
            }
        }
        catch (Exception exception)
        {
            LogUnexpected(logger, requestId, envelope.Action, exception);
            var failure = protocol.InternalFailure();
            errorCode = failure.ErrorCode;
            await TryAuditAsync(envelope, failure);
            await protocol.WriteErrorAsync(http, requestId, failure);
        }
        finally
        {
            var labels = new CallLabels(WireProtocol.Of(http.Request), protocol.SigningService, envelope.Action);
            GatewayMetrics.Call(labels, outcome, errorCode, Stopwatch.GetElapsedTime(started));
            Activity.Current?.SetTag("aws.operation", envelope.Action);
        }
    }

    /// <summary>Records a failed call; false when even that could not be written (the caller is then told of a server failure).</summary>
    private async Task<bool> TryAuditAsync(AuditEnvelope envelope, CallFailedException failure)
    {
        try
        {
            await writer.AppendFailureAsync(envelope, failure);
            return true;
        }
        catch (Exception exception)
        {
            LogAuditLost(logger, envelope.RequestId, exception);
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
    /// recorded in its region too; a call only runs after the verifier has checked this same scope.
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

    [LoggerMessage(EventId = 2001, Level = LogLevel.Error, Message = "Request {RequestId} ({Action}) failed unexpectedly")]
    private static partial void LogUnexpected(ILogger logger, Guid requestId, string action, Exception exception);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Critical, Message = "Request {RequestId} could not be audited")]
    private static partial void LogAuditLost(ILogger logger, Guid requestId, Exception exception);
}
