using SecureQueue.Sqs.Errors;
using SecureQueue.Sqs.Messages;
using SecureQueue.Sqs.Protocol;
using SecureQueue.Sqs.Queues;

namespace SecureQueue.Sqs.Tests.Queues;

/// <summary>Regressions: a pattern ending in <c>$</c> also matches before a final newline, which let "q\n" through.</summary>
public sealed class QueueNamesTests
{
    [Theory]
    [InlineData("q\n")]
    [InlineData("")]
    [InlineData("a b")]
    public void Validate_NameWithTrailingNewlineOrInvalid_InvalidParameterValue(string name) =>
        Assert.Equal("InvalidParameterValue", Assert.Throws<SqsException>(() => QueueNames.Validate(name, new Dictionary<string, string>())).Code.QueryCode);

    [Theory]
    [InlineData("orders", true)]
    [InlineData("orders.fifo", true)]
    [InlineData("q\n", false)]
    [InlineData("q\0", false)]
    public void CouldExist_OnlyWellFormedNames(string name, bool expected) => Assert.Equal(expected, QueueNames.CouldExist(name));

    [Fact]
    public void BatchEntries_IdWithTrailingNewline_InvalidBatchEntryId()
    {
        var parameters = QueryParameters.From([new("SendMessageBatchRequestEntry.1.Id", "e1\n")]);
        var error = Assert.Throws<SqsException>(() => BatchEntries.Read(parameters, "Entries", "SendMessageBatchRequestEntry"));
        Assert.Equal("AWS.SimpleQueueService.InvalidBatchEntryId", error.Code.QueryCode);
    }
}
