using Microsoft.AspNetCore.Http;
using SecureQueue.Gateway.Authentication.SigV4;

namespace SecureQueue.Gateway.Tests.Authentication.SigV4;

/// <summary>
/// The region and service hints of a presigned URL are read from the raw query string, without decoding every other
/// parameter; <c>Request.Query</c>, which they were read through before, is the oracle: both must name the same scope.
/// </summary>
public sealed class CredentialScopeTests
{
    [Theory]
    [InlineData("?X-Amz-Credential=AK%2F20261130%2Feu-west-1%2Fsqs%2Faws4_request&MessageBody=hello")]
    [InlineData("?MessageBody=a%2Fb&X-Amz-Credential=AK/20261130/us-east-1/sts/aws4_request")]
    [InlineData("?X%2DAmz%2DCredential=AK%2F20261130%2Fap-south-1%2Fsqs%2Faws4_request")]
    [InlineData("?X-Amz-Credential=AK%2F1%2Fr+1%2Fsqs%2Faws4_request")]
    [InlineData("?X-Amz-Credential=AK%2F1%2Fr%2Fsqs%2Faws4_request&X-Amz-Credential=AK%2F1%2Fr%2Fsqs%2Faws4_request")]
    [InlineData("?X-Amz-Credential=%zz%2F%2F%2F%2F")]
    [InlineData("?X-Amz-Credential")]
    [InlineData("?X-Amz-Credential+=AK%2F1%2Fr%2Fs%2Faws4_request")]
    [InlineData("?&&=&X-Amz-Credential=a/b/c/d/e&")]
    [InlineData("?MessageBody=x")]
    [InlineData("")]
    public void RegionAndService_FromTheRawQuery_AsRequestQueryReadsThem(string query)
    {
        var request = new DefaultHttpContext().Request;
        request.QueryString = new QueryString(query);
        var parts = request.Query["X-Amz-Credential"].ToString().Split('/');
        var (region, service) = parts.Length == 5 ? (parts[2], parts[3]) : (null, null);

        Assert.Equal((region, service), (CredentialScope.RegionOf(request), CredentialScope.ServiceOf(request)));
    }
}
