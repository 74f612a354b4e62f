using Microsoft.AspNetCore.Http;
using SecureQueue.Proxy.Calls;

namespace SecureQueue.Proxy.Tests.Calls;

public sealed class IdentityHeadersTests
{
    [Theory]
    [InlineData(false, "")]
    [InlineData(true, "Bearer abc")]
    public void Replace_ClientIdentityRemoved_AssertionSet(bool forwardAuthorization, string expectedAuthorization)
    {
        var headers = new HeaderDictionary
        {
            ["Authorization"] = "Bearer abc",
            ["X-SecureQueue-Assertion"] = "forged",
            ["x-forwarded-client-cert"] = "Hash=1",
            ["X-Forwarded-User"] = "admin",
            ["Forwarded"] = "for=6.6.6.6",
            ["X-Team"] = "orders",
        };
        IdentityHeaders.Replace(headers, forwardAuthorization, "signed");
        Assert.Equal(("signed", "", "", expectedAuthorization, "orders"),
            (headers["X-SecureQueue-Assertion"].ToString(), headers["X-Forwarded-Client-Cert"].ToString(), headers["X-Forwarded-User"].ToString(),
                headers["Authorization"].ToString(), headers["X-Team"].ToString()));
        Assert.False(headers.ContainsKey("Forwarded"));
    }

    [Fact]
    public void Context_HeadersAsConditionKeys_NeverCredentials()
    {
        var headers = new HeaderDictionary { ["Authorization"] = "secret", ["Cookie"] = "session=1", ["X-Team"] = new(["a", "b"]), ["X-SecureQueue-Assertion"] = "x" };
        var context = IdentityHeaders.Context(headers);
        Assert.Equal(["a,b"], Assert.Single(context, c => c.Key == "execute-api:RequestHeader/x-team").Value);
        Assert.Single(context);
    }

    [Fact]
    public void Context_ManyHeaders_Bounded()
    {
        var headers = new HeaderDictionary();
        for (var i = 0; i < 500; i++)
        {
            headers["X-H" + i] = "v";
        }

        Assert.Equal(64, IdentityHeaders.Context(headers).Count);
    }
}
