using SecureQueue.Sqs.Errors;
using SecureQueue.Sqs.Messages;
using SecureQueue.Sqs.Protocol;

namespace SecureQueue.Sqs.Tests.Messages;

public sealed class SendRequestTests
{
    private static string Code(params (string, string)[] pairs) => Assert.Throws<SqsException>(() =>
        SendRequest.Parse(QueryParameters.From([new("MessageBody", "b"), .. pairs.Select(p => new KeyValuePair<string, string>(p.Item1, p.Item2))]))).Code.QueryCode;

    [Fact]
    public void Parse_TraceHeaderWithControlCharacter_InvalidMessageContents() =>
        Assert.Equal("InvalidMessageContents", Code(
            ("MessageSystemAttribute.1.Name", "AWSTraceHeader"), ("MessageSystemAttribute.1.Value.DataType", "String"),
            ("MessageSystemAttribute.1.Value.StringValue", "Root=1-\u0001")));

    [Fact]
    public void Parse_GroupIdWithTrailingNewline_InvalidParameterValue() =>
        Assert.Equal("InvalidParameterValue", Code(("MessageGroupId", "group\n")));

    [Fact]
    public void Parse_ValidTraceHeaderAndGroupId_Accepted()
    {
        var request = SendRequest.Parse(QueryParameters.From([
            new("MessageBody", "b"), new("MessageGroupId", "group"), new("MessageSystemAttribute.1.Name", "AWSTraceHeader"),
            new("MessageSystemAttribute.1.Value.DataType", "String"), new("MessageSystemAttribute.1.Value.StringValue", "Root=1-abc")]));
        Assert.Equal(("group", "Root=1-abc"), (request.GroupId, request.TraceHeader));
    }
}
