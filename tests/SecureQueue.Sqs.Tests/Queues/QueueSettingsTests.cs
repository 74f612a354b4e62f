using SecureQueue.Sqs.Queues;
using SecureQueue.Log.Queues;

namespace SecureQueue.Sqs.Tests.Queues;

public sealed class QueueSettingsTests
{
    private static QueueRecord Queue(Dictionary<string, string> attributes) =>
        new(1, "000000000000", "us-east-1", "q", attributes, new Dictionary<string, string>(), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null);

    private static Dictionary<string, string> Defaults() => new(StringComparer.Ordinal)
    {
        [QueueAttributes.DelaySeconds] = "0",
        [QueueAttributes.MaximumMessageSize] = "1048576",
        [QueueAttributes.MessageRetentionPeriod] = "345600",
        [QueueAttributes.ReceiveMessageWaitTimeSeconds] = "0",
        [QueueAttributes.VisibilityTimeout] = "30",
        [QueueAttributes.SqsManagedSseEnabled] = "true",
    };

    [Fact]
    public void Of_DefaultAttributes_SqsDefaultsAndNoKeyOrPolicy()
    {
        var settings = QueueSettings.Of(Queue(Defaults()));
        Assert.Equal(new QueueSettings(0, SqsLimits.MaxMessageBytes, SqsLimits.DefaultRetentionSeconds, 0, SqsLimits.DefaultVisibilityTimeout, SqsLimits.DefaultKeyReusePeriodSeconds, null, null, null, null), settings);
    }

    [Fact]
    public void Of_OptionalAttributes_Parsed()
    {
        var attributes = Defaults();
        attributes[QueueAttributes.VisibilityTimeout] = "120";
        attributes[QueueAttributes.KmsMasterKeyId] = "alias/orders";
        attributes[QueueAttributes.KmsDataKeyReusePeriodSeconds] = "600";
        attributes[QueueAttributes.Policy] = "{}";
        var settings = QueueSettings.Of(Queue(attributes));
        Assert.Equal((120, "alias/orders", 600, "{}"), (settings.VisibilityTimeout, settings.KmsMasterKeyId, settings.KeyReusePeriodSeconds, settings.Policy));
    }

    [Fact]
    public void Of_SameRecordTwice_ParsedOnce()
    {
        var queue = Queue(Defaults());
        Assert.Same(QueueSettings.Of(queue), QueueSettings.Of(queue));
    }
}
