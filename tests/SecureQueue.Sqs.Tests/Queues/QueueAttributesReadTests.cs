using SecureQueue.Log.Queues;
using SecureQueue.Sqs.Queues;

namespace SecureQueue.Sqs.Tests.Queues;

/// <summary>GetQueueAttributes counts a queue's messages only when a count is asked for: counting reads every unexpired row.</summary>
public sealed class QueueAttributesReadTests
{
    private static readonly QueueRecord Queue = new(
        1, "000000000000", "us-east-1", "q", new Dictionary<string, string> { [QueueAttributes.VisibilityTimeout] = "30" }, new Dictionary<string, string>(),
        DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null);

    [Theory]
    [InlineData(true, "All")]
    [InlineData(true, "ApproximateNumberOfMessages")]
    [InlineData(true, "QueueArn", "ApproximateNumberOfMessagesNotVisible")]
    [InlineData(true, "ApproximateNumberOfMessagesDelayed")]
    [InlineData(false, "QueueArn", "VisibilityTimeout")]
    [InlineData(false)]
    public void NeedsCounts_OnlyWhenACountOrAllIsRequested(bool expected, params string[] names) =>
        Assert.Equal(expected, QueueAttributes.NeedsCounts(names));

    [Fact]
    public void Read_WithoutCounts_AnswersTheOtherAttributes()
    {
        var read = QueueAttributes.Read(["QueueArn", "VisibilityTimeout"], Queue, null, "arn:aws:sqs:us-east-1:000000000000:q").ToList();

        Assert.Equal([new("VisibilityTimeout", "30"), new("QueueArn", "arn:aws:sqs:us-east-1:000000000000:q")], read.OrderByDescending(a => a.Key));
    }

    [Fact]
    public void Read_WithCounts_AnswersThem()
    {
        var read = QueueAttributes.Read(["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"], Queue, new QueueCounts(3, 2, 1), "arn").ToDictionary();

        Assert.Equal(("3", "2"), (read["ApproximateNumberOfMessages"], read["ApproximateNumberOfMessagesNotVisible"]));
    }
}
