using SecureQueue.Sqs.Errors;

namespace SecureQueue.Sqs.Tests;

public sealed class QueueTargetTests
{
    [Theory]
    [InlineData("https://sqs.us-east-1.amazonaws.com/000000000000/q1", "000000000000", "q1")]
    [InlineData("https://gateway.internal:8443/000000000000/q1/", "000000000000", "q1")]
    [InlineData("000000000000/q1", "000000000000", "q1")]
    [InlineData("q1", "000000000000", "q1")]
    [InlineData("/111111111111/q1", "111111111111", "q1")]
    [InlineData("https://gateway.internal:8443/eu-west-1/000000000000/q1", "000000000000", "q1")]
    [InlineData("eu-west-1/000000000000/q1", "000000000000", "q1")]
    public void FromUrl_AcceptedForms_InTheCallsRegion(string url, string account, string name) =>
        Assert.Equal(new QueueTarget(account, name, "eu-west-1"), QueueTarget.FromUrl(url, "000000000000", "eu-west-1"));

    [Theory]
    [InlineData("https://host/")]
    [InlineData("a/b/c/d")]
    [InlineData("/eu-west-1//q1")]
    public void FromUrl_Other_InvalidAddress(string url) =>
        Assert.Equal("InvalidAddress", Assert.Throws<SqsException>(() => QueueTarget.FromUrl(url, "000000000000", "eu-west-1")).Code.QueryCode);

    [Fact]
    public void FromUrl_AnotherRegionsQueue_InvalidAddressNamingTheCallsRegion()
    {
        var error = Assert.Throws<SqsException>(() => QueueTarget.FromUrl("https://gw/us-west-2/000000000000/q1", "000000000000", "eu-west-1"));
        Assert.Equal("InvalidAddress", error.Code.QueryCode);
        Assert.Contains("eu-west-1, the region the request was signed for", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Arn_CarriesTheRegion() =>
        Assert.Equal("arn:aws:sqs:eu-west-1:000000000000:q1", new QueueTarget("000000000000", "q1", "eu-west-1").Arn);
}
