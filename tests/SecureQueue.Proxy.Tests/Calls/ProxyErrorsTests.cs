using SecureQueue.Gateway.Authentication;
using SecureQueue.Proxy.Calls;
using Yarp.ReverseProxy.Forwarder;

namespace SecureQueue.Proxy.Tests.Calls;

public sealed class ProxyErrorsTests
{
    [Theory]
    [InlineData(AuthenticationFailure.MissingCredentials, 401, "MissingAuthenticationToken")]
    [InlineData(AuthenticationFailure.InvalidBearerToken, 401, "InvalidToken")]
    [InlineData(AuthenticationFailure.UnknownCredential, 403, "UnrecognizedClientException")]
    [InlineData(AuthenticationFailure.Expired, 403, "RequestExpired")]
    [InlineData(AuthenticationFailure.IncompleteSignature, 403, "IncompleteSignatureException")]
    [InlineData(AuthenticationFailure.SignatureMismatch, 403, "InvalidSignatureException")]
    public void NotAuthenticated_MappedOnce(AuthenticationFailure failure, int status, string code)
    {
        var error = ProxyErrors.NotAuthenticated(AuthenticationResult.Fail(failure, "why", challenge: "Bearer error=\"invalid_token\""));
        Assert.Equal((status, code), (error.Status, error.ErrorCode));
        Assert.Equal(failure == AuthenticationFailure.InvalidBearerToken, error.Challenge is not null);
    }

    [Theory]
    [InlineData(502, 502, "BadGateway")]
    [InlineData(503, 503, "ServiceUnavailable")]
    [InlineData(504, 504, "GatewayTimeout")]
    [InlineData(200, 502, "BadGateway")]
    public void Upstream_StatusYarpSet_KeptAndNamed(int yarpStatus, int status, string code)
    {
        var error = ProxyErrors.Upstream(yarpStatus, "Request");
        Assert.Equal((status, code), (error.Status, error.ErrorCode));
    }

    public static TheoryData<ForwarderError> FailedForwards => new(Enum.GetValues<ForwarderError>().Where(error => error != ForwarderError.None));

    [Theory]
    [MemberData(nameof(FailedForwards))]
    public void Forwarding_EveryYarpError_ClientSideAbortedOtherwiseUpstream(ForwarderError error)
    {
        // YARP names the side that failed: the *Client and *Canceled errors are the client's, whatever a later YARP adds.
        var name = error.ToString();
        var clientSide = name.EndsWith("Client", StringComparison.Ordinal) || name.EndsWith("Canceled", StringComparison.Ordinal);
        var mapped = ProxyErrors.Forwarding(error, 502);
        Assert.Equal(clientSide ? (499, "RequestAborted") : (502, "BadGateway"), (mapped.Status, mapped.ErrorCode));
    }

    [Theory]
    [InlineData(ForwarderError.RequestBodyClient, 400, 499, "RequestAborted")]
    [InlineData(ForwarderError.RequestBodyCanceled, 400, 499, "RequestAborted")]
    [InlineData(ForwarderError.ResponseBodyClient, 200, 499, "RequestAborted")]
    [InlineData(ForwarderError.UpgradeResponseClient, 101, 499, "RequestAborted")]
    [InlineData(ForwarderError.RequestTimedOut, 504, 504, "GatewayTimeout")]
    [InlineData(ForwarderError.NoAvailableDestinations, 503, 503, "ServiceUnavailable")]
    [InlineData(ForwarderError.RequestBodyDestination, 502, 502, "BadGateway")]
    [InlineData(ForwarderError.UpgradeActivityTimeout, 101, 502, "BadGateway")]
    public void Forwarding_StatusYarpSet_KeptForUpstreamErrorsOnly(ForwarderError error, int yarpStatus, int status, string code)
    {
        var mapped = ProxyErrors.Forwarding(error, yarpStatus);
        Assert.Equal((status, code), (mapped.Status, mapped.ErrorCode));
    }
}
