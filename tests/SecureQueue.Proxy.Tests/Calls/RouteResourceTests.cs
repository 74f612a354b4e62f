using SecureQueue.Proxy.Calls;

namespace SecureQueue.Proxy.Tests.Calls;

public sealed class RouteResourceTests
{
    [Theory]
    [InlineData("get", "/orders/42", "arn:aws:execute-api:eu-west-1:123456789012:orders/prod/GET/orders/42")]
    [InlineData("POST", "/", "arn:aws:execute-api:eu-west-1:123456789012:orders/prod/POST/")]
    [InlineData("DELETE", "//a//b", "arn:aws:execute-api:eu-west-1:123456789012:orders/prod/DELETE/a//b")]
    public void Arn_AsApiGatewayNamesAMethod(string method, string path, string expected) =>
        Assert.Equal(expected, RouteResource.Arn("eu-west-1", "123456789012", "orders", "prod", method, path));
}
