using System.Text;
using System.Text.Json;
using SecureQueue.Sqs.Protocol;

namespace SecureQueue.Sqs.Tests.Protocol;

public sealed class RequestParametersTests
{
    private const string Hidden = RequestParameters.Hidden;

    private static JsonElement Record(string action, SqsParameters parameters) =>
        JsonDocument.Parse(RequestParameters.Write(action, parameters)!).RootElement.Clone();

    private static QueryParameters Query(params (string, string)[] pairs) => QueryParameters.From(pairs.Select(p => new KeyValuePair<string, string>(p.Item1, p.Item2)));

    private static JsonParameters Json(string json) => JsonParameters.Parse(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void SendMessage_BothProtocols_SameRecordAndNoBodyOrAttributeValue()
    {
        var json = Record("SendMessage", Json("""
            {"QueueUrl":"https://q/000000000000/orders","MessageBody":"card 4111","DelaySeconds":5,
             "MessageAttributes":{"customer":{"DataType":"String","StringValue":"alice@example"}}}
            """));
        var query = Record("SendMessage", Query(
            ("QueueUrl", "https://q/000000000000/orders"), ("MessageBody", "card 4111"), ("DelaySeconds", "5"),
            ("MessageAttribute.1.Name", "customer"), ("MessageAttribute.1.Value.DataType", "String"), ("MessageAttribute.1.Value.StringValue", "alice@example")));

        Assert.Equal(json.GetRawText(), query.GetRawText());
        Assert.Equal("https://q/000000000000/orders", json.GetProperty("queueUrl").GetString());
        Assert.Equal(Hidden, json.GetProperty("messageBody").GetString());
        Assert.Equal(5, json.GetProperty("delaySeconds").GetInt32());
        Assert.Equal("String", json.GetProperty("messageAttributes").GetProperty("customer").GetProperty("dataType").GetString());
        Assert.Equal(Hidden, json.GetProperty("messageAttributes").GetProperty("customer").GetProperty("stringValue").GetString());
        Assert.DoesNotContain("4111", json.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("alice@example", json.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public void ReceiptHandlesAndPolicies_AreHidden()
    {
        var delete = Record("DeleteMessageBatch", Query(
            ("QueueUrl", "https://q/000000000000/orders"), ("DeleteMessageBatchRequestEntry.1.Id", "a"), ("DeleteMessageBatchRequestEntry.1.ReceiptHandle", "secret-handle")));
        var entry = Assert.Single(delete.GetProperty("entries").EnumerateArray());
        Assert.Equal("a", entry.GetProperty("id").GetString());
        Assert.Equal(Hidden, entry.GetProperty("receiptHandle").GetString());

        var set = Record("SetQueueAttributes", Json("""
            {"QueueUrl":"https://q/000000000000/orders","Attributes":{"Policy":"{\"Statement\":[]}","VisibilityTimeout":"30"}}
            """));
        Assert.Equal(Hidden, set.GetProperty("attributes").GetProperty("Policy").GetString());
        Assert.Equal("30", set.GetProperty("attributes").GetProperty("VisibilityTimeout").GetString());
        Assert.DoesNotContain("secret-handle", delete.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public void FifoIds_DeduplicationAndAttemptIdsHidden_GroupIdKept()
    {
        var send = Record("SendMessageBatch", Query(
            ("QueueUrl", "https://q/000000000000/orders.fifo"), ("SendMessageBatchRequestEntry.1.Id", "a"), ("SendMessageBatchRequestEntry.1.MessageBody", "b"),
            ("SendMessageBatchRequestEntry.1.MessageGroupId", "customer-7"), ("SendMessageBatchRequestEntry.1.MessageDeduplicationId", "order-4711")));
        var entry = Assert.Single(send.GetProperty("entries").EnumerateArray());
        Assert.Equal("customer-7", entry.GetProperty("messageGroupId").GetString());
        Assert.Equal(Hidden, entry.GetProperty("messageDeduplicationId").GetString());

        var receive = Record("ReceiveMessage", Json("""{"QueueUrl":"https://q/000000000000/orders.fifo","ReceiveRequestAttemptId":"attempt-secret"}"""));
        Assert.Equal(Hidden, receive.GetProperty("receiveRequestAttemptId").GetString());
        Assert.DoesNotContain("order-4711", send.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("attempt-secret", receive.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public void BadValues_AreRecordedAsSentAndLongTextIsCut()
    {
        var record = Record("ReceiveMessage", Query(("QueueUrl", new string('u', 5000)), ("MaxNumberOfMessages", "ten")));

        Assert.Equal("ten", record.GetProperty("maxNumberOfMessages").GetString());
        Assert.Equal(RequestParameters.MaxText + 1, record.GetProperty("queueUrl").GetString()!.Length);
        Assert.Null(RequestParameters.Write("NoSuchAction", Query()));
        Assert.Equal("INVALID", Record("UntagQueue", Json("""{"TagKeys":"not-a-list"}""")).GetProperty("tagKeys").GetString());
    }

    [Fact]
    public void CallerText_IsEscapedAsEveryAuditedString()
    {
        var record = Record("TagQueue", Query(("QueueUrl", "q\u001b[31m\n"), ("Tag.1.Key", "k\u0085"), ("Tag.1.Value", "v\\")));

        Assert.Equal(@"q\u001b[31m\u000a", record.GetProperty("queueUrl").GetString());
        Assert.Equal(@"v\\", record.GetProperty("tags").GetProperty(@"k\u0085").GetString());
    }
}
