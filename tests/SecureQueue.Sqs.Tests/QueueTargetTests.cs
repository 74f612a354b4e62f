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
    public void FromUrl_AcceptedForms(string url, string account, string name) =>
        Assert.Equal(new QueueTarget(account, name), QueueTarget.FromUrl(url, "000000000000"));

    [Theory]
    [InlineData("https://host/")]
    [InlineData("a/b/c")]
    public void FromUrl_Other_InvalidAddress(string url) =>
        Assert.Equal("InvalidAddress", Assert.Throws<SqsException>(() => QueueTarget.FromUrl(url, "000000000000")).Code.QueryCode);
}
