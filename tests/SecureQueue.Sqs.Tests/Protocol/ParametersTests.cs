using System.Text;
using SecureQueue.Sqs.Errors;
using SecureQueue.Sqs.Protocol;

namespace SecureQueue.Sqs.Tests.Protocol;

/// <summary>Both protocols decode the same request into the same values.</summary>
public sealed class ParametersTests
{
    private static QueryParameters Query(params (string, string)[] pairs) => QueryParameters.From(pairs.Select(p => new KeyValuePair<string, string>(p.Item1, p.Item2)));

    private static JsonParameters Json(string json) => JsonParameters.Parse(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void MessageAttributes_BothProtocols_DecodeAlike()
    {
        var query = Query(("MessageAttribute.1.Name", "s"), ("MessageAttribute.1.Value.DataType", "String"), ("MessageAttribute.1.Value.StringValue", "v"),
            ("MessageAttribute.2.Name", "b"), ("MessageAttribute.2.Value.DataType", "Binary"), ("MessageAttribute.2.Value.BinaryValue", "AQI="));
        var json = Json("""{"MessageAttributes":{"s":{"DataType":"String","StringValue":"v"},"b":{"DataType":"Binary","BinaryValue":"AQI="}}}""");

        foreach (var parameters in new SqsParameters[] { query, json })
        {
            var attributes = parameters.AttributeValues("MessageAttributes", "MessageAttribute");
            Assert.Equal("v", attributes["s"].StringValue);
            Assert.Equal(new byte[] { 1, 2 }, attributes["b"].BinaryValue);
        }
    }

    [Fact]
    public void Entries_Query_AreOrderedByIndexNotText()
    {
        var pairs = Enumerable.Range(1, 10).Select(i => ($"SendMessageBatchRequestEntry.{i}.Id", $"e{i}")).ToArray();
        var entries = Query(pairs).Entries("Entries", "SendMessageBatchRequestEntry");
        Assert.Equal(Enumerable.Range(1, 10).Select(i => $"e{i}"), entries.Select(e => e.String("Id")));
    }

    [Fact]
    public void StringList_Query_AcceptsIndexedAndBareName()
    {
        var names = Query(("MessageAttributeName.1", "a"), ("MessageAttributeName", "b")).StringList("MessageAttributeNames", "MessageAttributeName");
        Assert.Equal(["a", "b"], names);
    }

    [Fact]
    public void Query_RepeatedParameter_IsRefused()
    {
        var error = Assert.Throws<SqsException>(() => Query(("QueueName", "a"), ("QueueName", "b")));
        Assert.Equal("InvalidParameterValue", error.Code.QueryCode);
    }

    [Theory]
    [InlineData("""{"QueueName":"a","QueueName":"b"}""")]
    [InlineData("""[1,2]""")]
    [InlineData("""{"QueueName":""")]
    public void Json_MalformedOrDuplicate_IsSerializationException(string body)
    {
        var error = Assert.Throws<SqsException>(() => Json(body));
        Assert.Equal("SerializationException", error.Code.QueryCode);
    }

    [Fact]
    public void Json_DeepNesting_IsSerializationException()
    {
        var body = "{\"a\":" + new string('[', 100) + new string(']', 100) + "}";
        Assert.Equal("SerializationException", Assert.Throws<SqsException>(() => Json(body)).Code.QueryCode);
    }

    [Fact]
    public void Int_Query_NotANumber_IsInvalidParameterValue()
    {
        var error = Assert.Throws<SqsException>(() => Query(("MaxNumberOfMessages", "ten")).Int("MaxNumberOfMessages"));
        Assert.Equal("InvalidParameterValue", error.Code.QueryCode);
    }

    [Fact]
    public void IntInRange_OutOfRange_UsesAwsMessage()
    {
        var error = Assert.Throws<SqsException>(() => Json("""{"MaxNumberOfMessages":11}""").IntInRange("MaxNumberOfMessages", 1, 10, "Must be between 1 and 10, if provided."));
        Assert.Equal("Value 11 for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.", error.Message);
    }
}
