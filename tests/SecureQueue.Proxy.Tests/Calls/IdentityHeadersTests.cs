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
    public void Context_HeaderAfterManyOthers_StillAConditionValue()
    {
        var headers = new HeaderDictionary();
        for (var i = 0; i < 98; i++)
        {
            headers["X-Pad-" + i] = "v";
        }

        headers["X-HTTP-Method-Override"] = "DELETE";

        var context = IdentityHeaders.Context(headers);

        Assert.Equal(99, context.Count);
        Assert.Equal(["DELETE"], context["execute-api:RequestHeader/x-http-method-override"]);
    }

    [Theory]
    [InlineData("?a=1&X-Amz-Signature=abc&b=%20", "?a=1&b=%20")]
    [InlineData("?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=k%2Fscope&X-Amz-Date=20261202T000000Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host&X-Amz-Signature=abc&x-amz-security-token=t", "")]
    [InlineData("?X%2DAmz%2DSignature=abc&keep", "?keep")]
    [InlineData("?X-Amz-Meta=kept", "?X-Amz-Meta=kept")]
    [InlineData("", "")]
    public void WithoutCredentials_PresignedParametersRemoved_RestKeptInOrder(string query, string expected)
    {
        Assert.Equal(expected, IdentityHeaders.WithoutCredentials(new QueryString(query.Length == 0 ? null : query)).Value ?? "");
    }
}
