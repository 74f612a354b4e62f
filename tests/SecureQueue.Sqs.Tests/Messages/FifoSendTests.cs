using SecureQueue.Log.Messages;
using SecureQueue.Log.Queues;
using SecureQueue.Sqs.Errors;
using SecureQueue.Sqs.Messages;
using SecureQueue.Sqs.Protocol;
using SecureQueue.Sqs.Queues;

namespace SecureQueue.Sqs.Tests.Messages;

/// <summary>The pure FIFO rules of a send: required ids, refused per-message delay, content-based ids, sequence numbers.</summary>
public sealed class FifoSendTests
{
    private static QueueRecord Queue(string name, bool contentBased = false)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [QueueAttributes.DelaySeconds] = "0", [QueueAttributes.MaximumMessageSize] = "1048576", [QueueAttributes.MessageRetentionPeriod] = "345600",
            [QueueAttributes.ReceiveMessageWaitTimeSeconds] = "0", [QueueAttributes.VisibilityTimeout] = "30",
        };
        if (FifoAttributes.IsFifoName(name))
        {
            attributes[FifoAttributes.ContentBasedDeduplication] = contentBased ? "true" : "false";
            FifoAttributes.AddDefaults(attributes);
        }

        return new QueueRecord(1, "000000000000", "us-east-1", name, attributes, new Dictionary<string, string>(), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null);
    }

    private static SendRequest Request(params (string Name, string Value)[] pairs) =>
        SendRequest.Parse(QueryParameters.From([new("MessageBody", "hello"), .. pairs.Select(p => new KeyValuePair<string, string>(p.Name, p.Value))]));

    private static (string, string) Error(Action action)
    {
        var error = Assert.Throws<SqsException>(action);
        return (error.Code.QueryCode, error.Message);
    }

    [Fact]
    public void CheckRequest_NoGroupOnSend_MissingParameter() =>
        Assert.Equal(("MissingParameter", "The request must contain the parameter MessageGroupId."),
            Error(() => Request(("MessageDeduplicationId", "d")).CheckRequest(Queue("q.fifo"), batch: false)));

    [Fact]
    public void CheckRequest_NoGroupInBatch_InvalidParameterValue() =>
        Assert.Equal(("InvalidParameterValue", "The request must contain the parameter MessageGroupId."),
            Error(() => Request(("MessageDeduplicationId", "d")).CheckRequest(Queue("q.fifo"), batch: true)));

    [Fact]
    public void CheckRequest_NoDeduplicationIdWithoutContentBased_InvalidParameterValue() =>
        Assert.Equal(("InvalidParameterValue", "The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly"),
            Error(() => Request(("MessageGroupId", "g")).CheckRequest(Queue("q.fifo"), batch: false)));

    [Fact]
    public void CheckRequest_StandardQueue_NothingRequired() => Request().CheckRequest(Queue("q"), batch: false);

    [Fact]
    public void CheckLimits_PerMessageDelayOnFifo_InvalidParameterValue() =>
        Assert.Equal(("InvalidParameterValue", "Value 2 for parameter DelaySeconds is invalid. Reason: The request include parameter that is not valid for this queue type."),
            Error(() => Request(("MessageGroupId", "g"), ("DelaySeconds", "2")).CheckLimits(Queue("q.fifo"))));

    [Fact]
    public void CheckLimits_ZeroDelayOnFifo_Accepted() => Request(("MessageGroupId", "g"), ("DelaySeconds", "0")).CheckLimits(Queue("q.fifo"));

    [Fact]
    public void CheckLimits_DeduplicationIdOnStandard_InvalidParameterValue() =>
        Assert.Equal("InvalidParameterValue", Error(() => Request(("MessageDeduplicationId", "d")).CheckLimits(Queue("q"))).Item1);

    [Theory]
    [InlineData("MessageDeduplicationId", "with space")]
    [InlineData("MessageDeduplicationId", "é")]
    [InlineData("MessageGroupId", "")]
    public void Parse_BadFifoId_InvalidParameterValue(string name, string value) =>
        Assert.Equal(("InvalidParameterValue", $"Value {value} for parameter {name} is invalid. Reason: {name} can only include alphanumeric and punctuation characters. 1 to 128 in length."),
            Error(() => Request((name, value))));

    [Fact]
    public void Parse_DeduplicationIdOf129_Refused() =>
        Assert.Equal("InvalidParameterValue", Error(() => Request(("MessageDeduplicationId", new string('x', 129)))).Item1);

    [Fact]
    public void EffectiveDeduplicationId_ContentBased_Sha256OfBodyInHex() =>
        Assert.Equal("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", Request(("MessageGroupId", "g")).EffectiveDeduplicationId(Queue("q.fifo", contentBased: true)));

    [Fact]
    public void EffectiveDeduplicationId_ExplicitOverridesContent() =>
        Assert.Equal("mine", Request(("MessageGroupId", "g"), ("MessageDeduplicationId", "mine")).EffectiveDeduplicationId(Queue("q.fifo", contentBased: true)));

    [Fact]
    public void Hash_LabelsSeparateAttemptAndDeduplicationIds() =>
        Assert.NotEqual(FifoIds.Hash("deduplication", "x"), FifoIds.Hash("receive-attempt", "x"));

    [Fact]
    public void SequenceBase_GrowsWithTimeAndIsAbout20Digits()
    {
        var now = new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
        var text = FifoIds.SequenceText(FifoSequence.Base(now) + 1);
        Assert.Equal(20, text.Length);
        Assert.True(FifoSequence.Base(now.AddTicks(10)) > FifoSequence.Base(now));
        Assert.True((double)FifoSequence.Base(now) < Math.Pow(2, 128));
    }
}
