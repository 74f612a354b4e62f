using SecureQueue.Crypto.Keys;
using SecureQueue.Log.Queues;
using SecureQueue.Sqs.Errors;
using SecureQueue.Sqs.Queues;

namespace SecureQueue.Sqs.Tests.Queues;

public sealed class FifoAttributesTests
{
    private const string Arn = "arn:aws:sqs:us-east-1:000000000000:q.fifo";

    private static Dictionary<string, string> Map(params (string Name, string Value)[] pairs) => pairs.ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);

    private static (string Code, string Message) Error(Action action)
    {
        var error = Assert.Throws<SqsException>(action);
        return (error.Code.QueryCode, error.Message);
    }

    private static Dictionary<string, string> Created(params (string, string)[] requested) =>
        QueueAttributes.WithDefaults(Map(requested), Arn, new KeyFamilies(Keyring.FromMasterKey(MasterKey.FromBase64(Convert.ToBase64String(new byte[32]), "test"), DateTimeOffset.UnixEpoch)), fifo: true);

    [Fact]
    public void WithDefaults_FifoQueue_SqsDefaultsAndScopeRemembered()
    {
        var attributes = Created((FifoAttributes.FifoQueue, "true"), (FifoAttributes.DeduplicationScope, "messageGroup"));
        Assert.Equal("true", attributes[FifoAttributes.FifoQueue]);
        Assert.Equal("false", attributes[FifoAttributes.ContentBasedDeduplication]);
        Assert.Equal("perQueue", attributes[FifoAttributes.FifoThroughputLimit]);
        Assert.Equal("messageGroup", attributes[FifoAttributes.ScopeAtCreation]);
    }

    [Fact]
    public void WithDefaults_PerMessageGroupIdWithQueueScope_InvalidAttributeValue() =>
        Assert.Equal(
            ("InvalidAttributeValue", "Invalid value for the parameter FifoThroughputLimit. Reason: The perMessageGroupId value is allowed only when the value for DeduplicationScope is messageGroup."),
            Error(() => Created((FifoAttributes.FifoQueue, "true"), (FifoAttributes.FifoThroughputLimit, "perMessageGroupId"))));

    [Fact]
    public void WithDefaults_HighThroughputCombination_Accepted() =>
        Assert.Equal("perMessageGroupId", Created(
            (FifoAttributes.FifoQueue, "true"), (FifoAttributes.DeduplicationScope, "messageGroup"), (FifoAttributes.FifoThroughputLimit, "perMessageGroupId"))[FifoAttributes.FifoThroughputLimit]);

    [Theory]
    [InlineData("FifoQueue", "true", "InvalidAttributeName", "Unknown Attribute FifoQueue.")]
    [InlineData("ContentBasedDeduplication", "true", "InvalidAttributeName", "Unknown Attribute ContentBasedDeduplication.")]
    [InlineData("DeduplicationScope", "queue", "InvalidAttributeName", "You can specify the DeduplicationScope only when FifoQueue is set to true.")]
    [InlineData("FifoThroughputLimit", "perQueue", "InvalidAttributeName", "You can specify the FifoThroughputLimit only when FifoQueue is set to true.")]
    public void Validate_FifoAttributeOnStandardQueue_Refused(string name, string value, string code, string message) =>
        Assert.Equal((code, message), Error(() => FifoAttributes.Validate(name, value, fifo: false, creating: true)));

    [Fact]
    public void Validate_FifoQueueAfterCreation_ModifyingQueueTypeNotSupported() =>
        Assert.Equal(
            ("InvalidAttributeValue", "Invalid value for the parameter FifoQueue. Reason: Modifying queue type is not supported."),
            Error(() => FifoAttributes.Validate(FifoAttributes.FifoQueue, "true", fifo: true, creating: false)));

    [Theory]
    [InlineData("ContentBasedDeduplication", "yes")]
    [InlineData("DeduplicationScope", "group")]
    [InlineData("FifoThroughputLimit", "perGroup")]
    [InlineData("FifoQueue", "false")]
    public void Validate_UnknownValue_InvalidAttributeValue(string name, string value) =>
        Assert.Equal("InvalidAttributeValue", Error(() => FifoAttributes.Validate(name, value, fifo: true, creating: true)).Code);

    [Theory]
    [InlineData("orders", "true", "InvalidParameterValue")]
    [InlineData("orders.fifo", null, "InvalidParameterValue")]
    [InlineData(".fifo", "true", "InvalidParameterValue")]
    public void QueueNames_FifoNameRules(string name, string? fifoQueue, string code) =>
        Assert.Equal(code, Error(() => QueueNames.Validate(name, fifoQueue is null ? Map() : Map((FifoAttributes.FifoQueue, fifoQueue)))).Code);

    [Fact]
    public void QueueNames_FifoNameOf80_Accepted() =>
        Assert.Equal(new string('a', 75) + ".fifo", QueueNames.Validate(new string('a', 75) + ".fifo", Map((FifoAttributes.FifoQueue, "true"))));

    [Fact]
    public void QueueNames_FifoNameOf81_Refused() =>
        Assert.Equal("InvalidParameterValue", Error(() => QueueNames.Validate(new string('a', 76) + ".fifo", Map((FifoAttributes.FifoQueue, "true")))).Code);

    [Fact]
    public void Settings_ScopeChangedAfterCreation_DeduplicatesAsCreated()
    {
        var attributes = Created((FifoAttributes.FifoQueue, "true"), (FifoAttributes.ContentBasedDeduplication, "true"));
        attributes[FifoAttributes.DeduplicationScope] = "messageGroup";
        var queue = new QueueRecord(1, "000000000000", "us-east-1", "q.fifo", attributes, new Dictionary<string, string>(), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null);
        Assert.Equal(new FifoSettings(true, false), QueueSettings.Of(queue).Fifo);
    }
}
