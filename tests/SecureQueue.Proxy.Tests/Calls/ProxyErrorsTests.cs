using SecureQueue.Gateway.Authentication;
using SecureQueue.Proxy.Calls;

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
}
