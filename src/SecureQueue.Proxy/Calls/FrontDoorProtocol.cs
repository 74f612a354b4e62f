using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using SecureQueue.Gateway;
using SecureQueue.Gateway.Authentication;
using SecureQueue.Gateway.Calls;
using SecureQueue.Log.Events;
using SecureQueue.Policies.Evaluation;
using SecureQueue.Proxy.Assertions;
using SecureQueue.Proxy.Routes;
using Yarp.ReverseProxy.Model;
using SecureQueue.Gateway.Identity;

namespace SecureQueue.Proxy.Calls;

/// <summary>
/// The front door on the call pipeline: requests YARP matched to a route are identified with the gateway's credentials
/// (SigV4 service <c>execute-api</c>, as API Gateway), authorized as <c>execute-api:Invoke</c>, forwarded by the rest of
/// YARP's pipeline (<see cref="Forward"/>), and recorded under <c>execute-api.amazonaws.com</c>.
/// </summary>
internal sealed class FrontDoorProtocol(
    FrontDoorRoutes routes, AssertionSigner assertions, PrincipalRateLimits rateLimits, ForwardedAudits audits, GatewayOptions options, RequestDelegate forward)
    : ICallProtocol
{
    public string EventSource => "execute-api.amazonaws.com";

    public string SigningService => "execute-api";

    internal string Region => options.Region;

    internal string AccountId => options.AccountId;

    internal AssertionSigner Assertions => assertions;

    internal PrincipalRateLimits RateLimits => rateLimits;

    internal ForwardedAudits Audits => audits;

    /// <summary>YARP's load balancing, health checks and forwarder, run once a request is authorized.</summary>
    internal RequestDelegate Forward => forward;

    /// <summary>A WebSocket (or other) upgrade: it has no body before the upgrade, and its stream is YARP's to relay afterwards.</summary>
    internal static bool IsUpgrade(HttpContext http) =>
        http.Features.Get<IHttpUpgradeFeature>()?.IsUpgradableRequest == true || http.Features.Get<IHttpExtendedConnectFeature>()?.IsExtendedConnect == true;

    public bool AcceptsUnsignedPayload => true;

    /// <summary>
    /// Reads the body only when a SigV4 signature covers it (then whole, up to the route's limit, and verified before any
    /// byte goes upstream); every other body streams to the upstream after authorization (<see cref="RequestStreaming"/>).
    /// </summary>
    public Task<ReadOnlyMemory<byte>?> ReadBodyAsync(HttpContext http, int gatewayLimit)
    {
        if (IsUpgrade(http) || Route(http) is not { } route)
        {
            return Task.FromResult<ReadOnlyMemory<byte>?>(ReadOnlyMemory<byte>.Empty);
        }

        var streamed = RequestStreaming.CanStream(http.Request);
        var limit = streamed ? route.MaxRequestBodyBytes : Math.Min(route.MaxRequestBodyBytes, Array.MaxLength);
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            // Kestrel's own limit is the gateway's; a route may accept more (or less), and RequestBody (or StreamedRequestBody) enforces it as it reads.
            size.MaxRequestBodySize = limit;
        }

        if (!streamed)
        {
            return RequestBody.ReadAsync(http.Request, (int)limit);
        }

        if (http.Request.ContentLength > limit)
        {
            // Refused before anything is read or forwarded; the unread body leaves the connection unusable.
            http.Response.Headers.Connection = "close";
            return Task.FromResult<ReadOnlyMemory<byte>?>(null);
        }

        return Task.FromResult<ReadOnlyMemory<byte>?>(ReadOnlyMemory<byte>.Empty);
    }

    /// <summary>A request YARP matched to a route is proxied; one the front door's own listener fell back on matches none.</summary>
    public ProtocolCall Decode(HttpContext http, Guid requestId, RequestOrigin origin, ReadOnlyMemory<byte> body) => Route(http) is { } route
        ? new ProxiedCall(this, http, requestId, route, IsUpgrade(http) || !RequestStreaming.CanStream(http.Request) ? body : (ReadOnlyMemory<byte>?)null)
        : new UnmatchedCall(http);

    /// <summary>A request without any credential on a route that opted in is the anonymous caller; elsewhere it stays refused (401).</summary>
    public Caller? AnonymousCaller(HttpContext http) => Route(http) is { AllowAnonymous: true } ? Caller.Anonymous : null;

    public CallFailedException TooLarge(int limit) => ProxyErrors.TooLarge();

    public CallFailedException NotAuthenticated(AuthenticationResult result) => ProxyErrors.NotAuthenticated(result);

    public CallFailedException Denied(Decision decision) => ProxyErrors.AccessDenied(decision.ToAccessDeniedMessage());

    public CallFailedException KeyDenied(Decision decision) => ProxyErrors.AccessDenied(decision.ToAccessDeniedMessage());

    public CallFailedException Aborted() => ProxyErrors.Aborted();

    public CallFailedException InternalFailure() => ProxyErrors.InternalFailure();

    public async Task WriteErrorAsync(HttpContext http, Guid requestId, CallFailedException failure)
    {
        if (http.Response.HasStarted)
        {
            // The upstream's answer is already on its way: the only honest signal left is a broken response.
            http.Abort();
            return;
        }

        // Headers already set stay: a refused oversized body has asked for the connection to be closed (RequestBody).
        if (!IsUpgrade(http) && RequestStreaming.CanStream(http.Request) && (http.Request.ContentLength > 0 || http.Request.Headers.TransferEncoding.Count > 0))
        {
            // A body meant to stream was refused before (or while) it was read: what is left of it may be more than Kestrel
            // drains, so the client is told not to send its next request on a connection the server may be about to drop.
            http.Response.Headers.Connection = "close";
        }

        var error = failure as ProxyException ?? ProxyErrors.InternalFailure();
        http.Response.Headers["x-amzn-ErrorType"] = error.ErrorCode;
        if (error.Challenge is { } challenge)
        {
            http.Response.Headers.WWWAuthenticate = challenge;
        }

        if (error.RetryAfterSeconds is { } seconds)
        {
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["message"] = error.Message });
        await CallResponse.WriteAsync(http, requestId, error.Status, "application/json", body);
    }

    private RouteSettings? Route(HttpContext http) =>
        http.Features.Get<IReverseProxyFeature>()?.Route.Config is { } config ? routes.For(config) : null;
}
