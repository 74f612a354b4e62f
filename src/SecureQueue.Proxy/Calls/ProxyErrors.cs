using SecureQueue.Gateway.Authentication;
using SecureQueue.Log.Events;
using Yarp.ReverseProxy.Forwarder;

namespace SecureQueue.Proxy.Calls;

/// <summary>A front-door failure as the caller sees it: API Gateway's shape, a status, <c>x-amzn-ErrorType</c> and <c>{"message": …}</c>.</summary>
internal sealed class ProxyException(int status, string code, string message, string? challenge = null) : CallFailedException(message)
{
    public int Status { get; } = status;

    public override string ErrorCode { get; } = code;

    /// <summary>The <c>WWW-Authenticate</c> value of a refused bearer token.</summary>
    public string? Challenge { get; } = challenge;

    /// <summary>Seconds until a throttled caller may try again.</summary>
    public int? RetryAfterSeconds { get; init; }
}

/// <summary>Every error the front door answers with, in one place.</summary>
internal static class ProxyErrors
{
    public static ProxyException NotAuthenticated(AuthenticationResult result) => result.Failure switch
    {
        AuthenticationFailure.MissingCredentials => new(401, "MissingAuthenticationToken", "Missing Authentication Token"),
        AuthenticationFailure.InvalidBearerToken => new(401, "InvalidToken", result.Message, result.Challenge),
        AuthenticationFailure.UnknownCredential => new(403, "UnrecognizedClientException", result.Message),
        AuthenticationFailure.Expired => new(403, "RequestExpired", result.Message),
        AuthenticationFailure.IncompleteSignature => new(403, "IncompleteSignatureException", result.Message),
        _ => new(403, "InvalidSignatureException", result.Message),
    };

    public static ProxyException AccessDenied(string message) => new(403, "AccessDeniedException", message);

    public static ProxyException AmbiguousPath() => new(400, "BadRequestException",
        "The path holds an encoded slash (%2F) or a backslash, which the upstream may read as a path separator; this route does not accept them.");

    public static ProxyException NoRoute() => new(404, "NotFoundException", "No route of this listener matches the request.");

    public static ProxyException TooLarge() => new(413, "RequestEntityTooLarge", "The request body is larger than this route accepts.");

    public static ProxyException Throttled() => new(429, "TooManyRequestsException", "Too Many Requests") { RetryAfterSeconds = 60 };

    /// <summary>No healthy destination, or the upstream could not be reached or answered badly: the gateway itself is fine.</summary>
    public static ProxyException Upstream(int status, string error) => status switch
    {
        503 => new(503, "ServiceUnavailable", $"No upstream is available ({error})."),
        504 => new(504, "GatewayTimeout", $"The upstream did not answer in time ({error})."),
        _ => new(502, "BadGateway", $"The upstream could not be reached ({error})."),
    };

    public static ProxyException Aborted() => new(499, "RequestAborted", "The client closed the connection.");

    /// <summary>
    /// A forward YARP reports as failed, by the side it names. The client's side is an aborted call, never the upstream's
    /// failure: a <c>*Client</c> error (the client's body could not be read, or the answer could not be written to it, within
    /// the activity timeout) or a <c>*Canceled</c> one (the client's connection was aborted: YARP's middleware forwards with
    /// no other token to cancel by). Everything else — connecting, headers, the destination's side of a body, no destination
    /// left — is the upstream's, with the status YARP set.
    /// </summary>
    /// <remarks>
    /// A client still connected whose body cannot be read (its chunked framing broken, or too slow for the activity timeout)
    /// is a RequestBodyClient too, and aborted rather than a 400 of its own: Kestrel raises the same 400 for broken framing
    /// as for a body a departing client cut short, and the connection's abort that would tell the two apart may be
    /// signalled only after YARP reports, so a 400 would record a departing client as aborted or as a bad request by timing.
    /// Either way the client ended the request and its connection is not reused; <c>CallPipeline</c> decides the same for a
    /// body it reads itself.
    /// </remarks>
    public static ProxyException Forwarding(ForwarderError error, int status) => error switch
    {
        ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled or ForwarderError.RequestBodyClient
            or ForwarderError.ResponseBodyCanceled or ForwarderError.ResponseBodyClient
            or ForwarderError.UpgradeRequestCanceled or ForwarderError.UpgradeRequestClient
            or ForwarderError.UpgradeResponseCanceled or ForwarderError.UpgradeResponseClient => Aborted(),
        _ => Upstream(status, error.ToString()),
    };

    public static ProxyException InternalFailure() => new(500, "InternalServerErrorException", "Internal server error");
}
