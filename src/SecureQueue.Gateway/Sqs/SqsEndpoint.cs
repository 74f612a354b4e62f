using System.Globalization;
using System.Security.Authentication;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using SecureQueue.Gateway.Authentication;
using SecureQueue.Gateway.Authorization;
using SecureQueue.Gateway.Calls;
using SecureQueue.Gateway.Sqs.Errors;
using SecureQueue.Gateway.Sqs.Protocol;
using SecureQueue.Gateway.Sqs.Queues;
using SecureQueue.Storage.Log;
using SecureQueue.Storage.Queues;

namespace SecureQueue.Gateway.Sqs;

/// <summary>
/// One request, one pass: decode → identify → authorize → execute (through the log) → respond. A call that
/// fails at any stage is still recorded, once, with its error code.
/// </summary>
public sealed partial class SqsEndpoint(
    SqsServices services,
    SqsActions actions,
    CallerAuthenticator authenticator,
    Authorizer authorizer,
    QueueDirectory directory,
    ILogger<SqsEndpoint> logger)
{
    public async Task HandleAsync(HttpContext http)
    {
        var requestId = Guid.NewGuid();
        var protocol = ProtocolDecoder.Detect(http.Request);
        var origin = Origin(http);
        var envelope = new AuditEnvelope(requestId, "Unknown", null, null, origin.SourceIp, origin.UserAgent, null, origin.TlsVersion, origin.TlsCipher);
        string action = "Unknown";
        SqsContext? context = null;
        try
        {
            var body = await RequestBody.ReadAsync(http.Request, services.Options.MaxRequestBytes);
            SqsParameters? parameters = null;
            SqsAction? handler = null;
            SqsException? decodeError = null;
            try
            {
                (action, parameters) = ProtocolDecoder.Decode(http.Request, protocol, body);

                // Only names the gateway knows reach the action column; an unknown one is sampled, capped, in the error message.
                handler = actions.Find(action);
                envelope = envelope with { Action = handler?.Name ?? "Unknown" };
            }
            catch (SqsException error)
            {
                decodeError = error;
            }

            // Authentication decides first, as at AWS; a bad body from a known caller is still audited under its principal,
            // and a failed signature under the access key it named.
            var authentication = await authenticator.AuthenticateAsync(http, body);
            envelope = envelope with { PrincipalArn = authentication.Caller?.PrincipalArn, AccessKeyId = authentication.AccessKeyId };
            var caller = authentication.Caller ?? throw SqsErrors.Authentication(authentication);

            if (decodeError is not null)
            {
                throw decodeError;
            }

            if (handler is null)
            {
                throw SqsErrors.InvalidAction(action);
            }

            var call = new ApiCall(requestId, protocol, action, parameters!, origin);
            var target = Target(handler, call);
            var resource = target?.Arn(services.Options.Region) ?? "*";
            envelope = envelope with { ResourceArn = target is null ? null : resource };
            var queue = target is null || target.AccountId != services.Options.AccountId || !QueueNames.CouldExist(target.Name)
                ? null
                : await directory.FindAsync(target.AccountId, target.Name, http.RequestAborted);
            var authorization = authorizer.Authorize(caller, handler.AuthorizationInput(resource, queue, parameters!), origin, services.Time.GetUtcNow());
            envelope = envelope with { Authorization = Authorizer.Record(authorization) };
            if (!authorization.Decision.IsAllowed)
            {
                throw SqsErrors.AccessDenied(authorization.Decision.ToAccessDeniedMessage());
            }

            if (authorization.DeniedKey is { } keyDecision)
            {
                throw SqsErrors.KmsAccessDenied(keyDecision.ToAccessDeniedMessage());
            }

            context = new SqsContext(call, caller, target, queue, envelope, services, http.RequestAborted);
            var result = await handler.ExecuteAsync(context);
            await WriteAsync(http, requestId, protocol, 200, protocol == SqsProtocol.Json
                ? ResponseEncoders.Json(result)
                : ResponseEncoders.Xml(action, result, requestId, handler.HasResult));
        }
        catch (SqsException error)
        {
            var audited = context?.Audited == true || await TryAuditAsync(envelope, error);
            await WriteErrorAsync(http, requestId, protocol, audited ? error : SqsErrors.InternalFailure());
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // Nobody is left to answer, but the call still happened.
            if (context?.Audited != true)
            {
                await TryAuditAsync(envelope, SqsErrors.RequestAborted());
            }
        }
        catch (Exception exception)
        {
            LogUnexpected(logger, requestId, action, exception);
            var failure = SqsErrors.InternalFailure();
            await TryAuditAsync(envelope, failure);
            await WriteErrorAsync(http, requestId, protocol, failure);
        }
    }

    private QueueTarget? Target(SqsAction handler, ApiCall call) => handler.Resource switch
    {
        ResourceKind.QueueName => QueueTarget.FromName(call.Parameters.Required("QueueName"), services.Options.AccountId),
        ResourceKind.QueueUrl => call.Parameters.String("QueueUrl") is { } url
            ? QueueTarget.FromUrl(url, services.Options.AccountId)
            : call.Origin.Path.Trim('/').Length > 0 ? QueueTarget.FromUrl(call.Origin.Path, services.Options.AccountId) : throw SqsErrors.MissingParameter("QueueUrl"),
        _ => null,
    };

    /// <summary>Records a failed call; false when even that could not be written (the caller is then told of a server failure).</summary>
    private async Task<bool> TryAuditAsync(AuditEnvelope envelope, SqsException failure)
    {
        try
        {
            await services.Writer.AppendFailureAsync(envelope, failure);
            return true;
        }
        catch (Exception exception)
        {
            LogAuditLost(logger, envelope.RequestId, exception);
            return false;
        }
    }

    private static RequestOrigin Origin(HttpContext http)
    {
        var tls = http.Features.Get<ITlsHandshakeFeature>();
        return new RequestOrigin(
            http.Request.Host.Value ?? "localhost",
            http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            http.Request.Headers.UserAgent.ToString() is { Length: > 0 } agent ? agent[..Math.Min(agent.Length, 1024)] : null,
            http.Request.IsHttps,
            tls is null ? null : TlsVersion(tls.Protocol),
            tls?.NegotiatedCipherSuite?.ToString(),
            http.Request.Path.Value ?? "/");
    }

    private static string TlsVersion(SslProtocols protocol) => protocol switch
    {
        SslProtocols.Tls13 => "TLSv1.3",
        SslProtocols.Tls12 => "TLSv1.2",
        _ => protocol.ToString(),
    };

    private static Task WriteErrorAsync(HttpContext http, Guid requestId, SqsProtocol protocol, SqsException error)
    {
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

    private static async Task WriteAsync(HttpContext http, Guid requestId, SqsProtocol protocol, int status, byte[] body)
    {
        var response = http.Response;
        response.StatusCode = status;
        response.Headers["x-amzn-RequestId"] = requestId.ToString();
        response.Headers.Date = DateTimeOffset.UtcNow.ToString("R", CultureInfo.InvariantCulture);
        response.ContentType = protocol == SqsProtocol.Json ? "application/x-amz-json-1.0" : "text/xml";
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body);
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Error, Message = "Request {RequestId} ({Action}) failed unexpectedly")]
    private static partial void LogUnexpected(ILogger logger, Guid requestId, string action, Exception exception);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Critical, Message = "Request {RequestId} could not be audited")]
    private static partial void LogAuditLost(ILogger logger, Guid requestId, Exception exception);
}
