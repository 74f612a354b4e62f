using SecureQueue.Sqs.Errors;
using SecureQueue.Sqs.Queues;

namespace SecureQueue.Sqs.Tests.Queues;

public sealed class RedriveTests
{
    private const string Source = "arn:aws:sqs:us-east-1:000000000000:orders";
    private const string Target = "arn:aws:sqs:us-east-1:000000000000:orders-dlq";

    [Theory]
    [InlineData("""{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:orders-dlq","maxReceiveCount":5}""")]
    [InlineData("""{"maxReceiveCount":"5","deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:orders-dlq"}""")]
    public void RedrivePolicy_NumberOrNumericString_CanonicalJson(string json) =>
        Assert.Equal("""{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:orders-dlq","maxReceiveCount":5}""", RedrivePolicy.Parse(json, Source).ToJson());

    [Theory]
    [InlineData("""{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:orders-dlq","maxReceiveCount":5,"extra":1}""", "Unknown attribute in redrive policy: extra.")]
    [InlineData("""{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:orders","maxReceiveCount":5}""", "A queue cannot be its own dead-letter queue.")]
    [InlineData("""{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:111111111111:orders-dlq","maxReceiveCount":5}""", "same account and region")]
    [InlineData("""{"deadLetterTargetArn":"arn:aws:sns:us-east-1:000000000000:topic","maxReceiveCount":5}""", "same account and region")]
    [InlineData("""{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:orders-dlq","maxReceiveCount":1.5}""", "Invalid value for maxReceiveCount: 1.5")]
    [InlineData("""[1]""", "It must be a JSON object.")]
    public void RedrivePolicy_Invalid_InvalidParameterValueWithReason(string json, string reason)
    {
        var error = Assert.Throws<SqsException>(() => RedrivePolicy.Parse(json, Source));
        Assert.Equal("InvalidParameterValue", error.Code.QueryCode);
        Assert.StartsWith("Value ", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"redrivePermission":"allowAll"}""", true)]
    [InlineData("""{"redrivePermission":"denyAll"}""", false)]
    [InlineData("""{"redrivePermission":"byQueue","sourceQueueArns":["arn:aws:sqs:us-east-1:000000000000:orders"]}""", true)]
    [InlineData("""{"redrivePermission":"byQueue","sourceQueueArns":["arn:aws:sqs:us-east-1:000000000000:other"]}""", false)]
    public void RedriveAllowPolicy_AdmitsAsConfigured(string json, bool admitted) =>
        Assert.Equal(admitted, RedriveAllowPolicy.Parse(json).Admits(Source));

    [Fact]
    public void RedriveAllowPolicy_Absent_AllowsAll() => Assert.True(RedriveAllowPolicy.Of(new Dictionary<string, string>()).Admits(Target));
}
