using System.Buffers;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using SecureQueue.Gateway.Authentication.Jwt;
using SecureQueue.Gateway.Authorization;
using SecureQueue.Gateway.Calls;
using SecureQueue.Log.Events;
using SecureQueue.Proxy.Routes;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;
using SecureQueue.Gateway.Identity;

namespace SecureQueue.Proxy.Calls;

/// <summary>
/// One request to a YARP route: authorized as <c>execute-api:Invoke</c> on the route's resource, then (after the rate limit)
/// forwarded by YARP with identity headers replaced by the gateway's assertion, and recorded as one event with the
/// upstream's status, the bytes both ways and the time taken. Bodies, query strings and headers are never recorded.
/// </summary>
/// <param name="body">The body the pipeline read and authenticated, or null when it streams from the client (see <see cref="RequestStreaming"/>).</param>
internal sealed class ProxiedCall(FrontDoorProtocol protocol, HttpContext http, Guid requestId, RouteSettings route, ReadOnlyMemory<byte>? body) : ProtocolCall
{
    private const int MaxRecordedPath = 1024;
    private bool audited;

    public override string AuditAction => "Invoke";

    public override bool? ReadOnly => IsReadOnly(http.Request);

    public override bool? DataEvent => true;

    public override bool Audited => audited;

    public override ReadOnlyMemory<byte>? RequestParameters()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("routeId", route.RouteId);
            json.WriteString("stage", route.Stage);
            WriteMethodAndPath(json, http.Request);
            json.WriteEndObject();
        }

        return buffer.WrittenMemory;
    }

    /// <summary>A request that reads (GET, HEAD, OPTIONS), for the event's readOnly.</summary>
    internal static bool IsReadOnly(HttpRequest request) => HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method);

    /// <summary>The request's method and path (the path cut at 1 KiB) as recorded request parameters; never its query or headers.</summary>
    internal static void WriteMethodAndPath(Utf8JsonWriter json, HttpRequest request)
    {
        json.WriteString("httpMethod", request.Method);
        var path = request.Path.Value ?? "/";
        json.WriteString("path", path[..Math.Min(path.Length, MaxRecordedPath)]);
    }

    public override async ValueTask<(string? AuditResource, AuthorizationInput Input)> ResolveAsync(CancellationToken cancellation)
    {
        if (!route.AllowEncodedSlashes && HasHiddenSeparator(http.Request.Path))
        {
            throw ProxyErrors.AmbiguousPath();
        }

        var arn = RouteResource.Arn(protocol.Region, protocol.AccountId, route, http.Request);
        var context = IdentityHeaders.Context(http.Request.Headers);
        if (http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            // The pipeline authenticated this bearer token already; ASP.NET hands back that same verified result, not a second check.
            var token = await http.AuthenticateAsync(JwtAuthenticator.Scheme);
            JwtClaims.AddTo(context, token.Succeeded ? token.Principal : null);
        }

        return (arn, new AuthorizationInput(RouteResource.Action, arn) { CompiledResourcePolicy = route.ResourcePolicy, Context = context });
    }

    /// <summary>
    /// Kestrel decodes a path except <c>%2F</c>, and a backslash is a separator to some upstreams (IIS, Windows file servers):
    /// either splits the path differently for the upstream than for the resource ARN that policies match.
    /// </summary>
    internal static bool HasHiddenSeparator(PathString path) =>
        path.Value is { } value && (value.Contains('\\', StringComparison.Ordinal) || value.Contains("%2F", StringComparison.OrdinalIgnoreCase));

    public override async Task ExecuteAsync(HttpContext http, Caller caller, AuditEnvelope envelope)
    {
        // Anonymous callers share one principal, so each client address gets its own window instead of one for them all.
        var limitKey = caller.IsAnonymous ? $"{caller.PrincipalArn}@{http.Connection.RemoteIpAddress}" : caller.PrincipalArn;
        if (!protocol.RateLimits.TryAcquire(route, limitKey))
        {
            throw ProxyErrors.Throttled();
        }

        var started = Stopwatch.GetTimestamp();
        IdentityHeaders.Replace(http.Request.Headers, route.ForwardAuthorization, protocol.Assertions.Sign(caller, route.ClusterId, route.RouteId, requestId));
        if (!route.ForwardAuthorization)
        {
            http.Request.QueryString = IdentityHeaders.WithoutCredentials(http.Request.QueryString);
        }

        StreamedRequestBody? streamed = null;
        if (body is { } read && !FrontDoorProtocol.IsUpgrade(http))
        {
            // The pipeline read the body to authenticate it (SigV4 signs its hash); YARP forwards exactly those bytes.
            http.Request.Body = MemoryMarshal.TryGetArray(read, out var bytes)
                ? new MemoryStream(bytes.Array!, bytes.Offset, bytes.Count, writable: false)
                : new MemoryStream(read.ToArray(), writable: false);
        }
        else if (body is null)
        {
            http.Request.Body = streamed = new StreamedRequestBody(http.Request.Body, route.MaxRequestBodyBytes);
        }

        // The caller correlates its answer with the audit event by this id, whatever the upstream sends under that name.
        http.Response.OnStarting(static state =>
        {
            var (response, id) = ((HttpResponse, string))state;
            response.Headers["x-amzn-RequestId"] = id;
            return Task.CompletedTask;
        }, (http.Response, requestId.ToString()));
        var client = http.Response.Body;
        var counter = new ResponseCounter(client);
        http.Response.Body = counter;
        try
        {
            await protocol.Forward(http);
        }
        finally
        {
            http.Response.Body = client;
        }

        if (http.Features.Get<IForwarderErrorFeature>() is { } failure)
        {
            if (streamed?.OverLimit == true || StreamedRequestBody.IsTooLarge(failure.Exception))
            {
                if (!http.Response.HasStarted)
                {
                    // The rest of the body was never read, so the connection cannot carry another request.
                    http.Response.Headers.Connection = "close";
                }

                throw ProxyErrors.TooLarge();
            }

            throw ProxyErrors.Forwarding(failure.Error, http.Response.StatusCode);
        }

        var destination = http.Features.Get<IReverseProxyFeature>()?.ProxiedDestination?.DestinationId;
        var (status, requestBytes, responseBytes) = (http.Response.StatusCode, streamed?.BytesRead ?? body?.Length ?? 0, counter.Written);
        var durationMs = Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 3);

        // The detail is written when the writer takes the event, after this request has ended and its HttpContext may
        // serve another: it holds only values read here.
        await protocol.Audits.AppendAsync(envelope, EventTypes.RequestForwarded, json =>
        {
            json.WriteString("route", route.RouteId);
            json.WriteString("cluster", route.ClusterId);
            json.WriteString("destination", destination);
            json.WriteNumber("upstreamStatus", status);
            json.WriteNumber("requestBytes", requestBytes);
            json.WriteNumber("responseBytes", responseBytes);
            json.WriteNumber("durationMs", durationMs);
        });
        audited = true;
    }
}
