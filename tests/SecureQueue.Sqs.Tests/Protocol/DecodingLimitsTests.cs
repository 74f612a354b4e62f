using System.Text;
using Microsoft.AspNetCore.Http;
using SecureQueue.Sqs.Errors;
using SecureQueue.Sqs.Protocol;

namespace SecureQueue.Sqs.Tests.Protocol;

/// <summary>Regressions of the hardening review: decoding is linear, bounded, and exact about what was signed.</summary>
public sealed class DecodingLimitsTests
{
    [Fact]
    public void Decode_QueryWithFiftyThousandAttributes_IsRefusedBeforeAnyEntryIsRead()
    {
        var form = new StringBuilder("Action=SendMessage&MessageBody=x");
        for (var n = 1; n <= 50_000; n++)
        {
            form.Append("&MessageAttribute.").Append(n).Append(".Name=a").Append(n);
        }

        var error = Assert.Throws<SqsException>(() => Decode("POST", form.ToString()));
        Assert.Equal(("InvalidParameterValue", "A request may carry at most 1000 parameters."), (error.Code.QueryCode, error.Message));
    }

    [Fact]
    public void AttributeValues_QueryElevenAttributes_CountIsCheckedBeforeEntries()
    {
        // The first entry has no Name: reading entries first would report that instead of the count.
        var form = "Action=SendMessage" + string.Concat(Enumerable.Range(2, 11).Select(n => $"&MessageAttribute.{n}.Name=a{n}")) + "&MessageAttribute.1.Value.DataType=String";
        var (_, parameters) = Decode("POST", form);
        var error = Assert.Throws<SqsException>(() => parameters.AttributeValues("MessageAttributes", "MessageAttribute"));
        Assert.Equal("Number of message attributes [12] exceeds the allowed maximum [10].", error.Message);
    }

    [Fact]
    public void AttributeValues_JsonElevenAttributes_CountIsCheckedBeforeEntries()
    {
        var members = string.Join(',', Enumerable.Range(1, 11).Select(n => $"\"a{n}\":{(n == 1 ? "7" : "{\"DataType\":\"String\",\"StringValue\":\"v\"}")}"));
        var parameters = JsonParameters.Parse(Encoding.UTF8.GetBytes("{\"MessageAttributes\":{" + members + "}}"));
        var error = Assert.Throws<SqsException>(() => parameters.AttributeValues("MessageAttributes", "MessageAttribute"));
        Assert.Equal("Number of message attributes [11] exceeds the allowed maximum [10].", error.Message);
    }

    [Fact]
    public void Entries_QueryElevenEntries_IsTooManyEntries()
    {
        var form = "Action=SendMessageBatch" + string.Concat(Enumerable.Range(1, 11).Select(n => $"&SendMessageBatchRequestEntry.{n}.Id=e{n}"));
        var (_, parameters) = Decode("POST", form);
        Assert.Equal("AWS.SimpleQueueService.TooManyEntriesInBatchRequest", Assert.Throws<SqsException>(() => parameters.Entries("Entries", "SendMessageBatchRequestEntry")).Code.QueryCode);
    }

    [Fact]
    public void Decode_QueryNameLongerThanAnyValidName_IsRefused()
    {
        var error = Assert.Throws<SqsException>(() => Decode("POST", "Action=ListQueues&" + new string('A', 300) + "=1"));
        Assert.Equal("InvalidParameterValue", error.Code.QueryCode);
    }

    [Fact]
    public void Decode_GetWithPlus_IsLiteralPlusAsSigV4CanonicalizesIt()
    {
        var (_, parameters) = Decode("GET", "Action=SendMessage&MessageBody=a+b%20c%2Bd");
        Assert.Equal("a+b c+d", parameters.String("MessageBody"));
    }

    [Fact]
    public void Decode_FormBodyWithPlus_IsSpace()
    {
        var (_, parameters) = Decode("POST", "Action=SendMessage&MessageBody=a+b%2Bc");
        Assert.Equal("a b+c", parameters.String("MessageBody"));
    }

    [Theory]
    [InlineData("Action=ListQueues&QueueNamePrefix=%FF")]
    [InlineData("Action=ListQueues&QueueNamePrefix=%C3%28")]
    [InlineData("Action=ListQueues&QueueNamePrefix=%ED%A0%80")]
    public void Decode_FormInvalidUtf8_IsInvalidParameterValue(string form)
    {
        Assert.Equal("InvalidParameterValue", Assert.Throws<SqsException>(() => Decode("POST", form)).Code.QueryCode);
    }

    [Fact]
    public void Decode_RawInvalidUtf8InFormBody_IsInvalidParameterValue()
    {
        var body = Encoding.ASCII.GetBytes("Action=ListQueues&QueueNamePrefix=").Concat(new byte[] { 0xC0, 0xAF }).ToArray();
        Assert.Equal("InvalidParameterValue", Assert.Throws<SqsException>(() => Decode("POST", body)).Code.QueryCode);
    }

    [Theory]
    [InlineData("""{"QueueName":"\ud800"}""")]
    [InlineData("""{"QueueName":"a\udc00b"}""")]
    [InlineData("""{"Tags":{"\ud800":"v"}}""")]
    public void Parse_JsonLoneSurrogateEscape_IsSerializationException(string json)
    {
        Assert.Equal("SerializationException", Assert.Throws<SqsException>(() => JsonParameters.Parse(Encoding.UTF8.GetBytes(json))).Code.QueryCode);
    }

    [Fact]
    public void Parse_JsonInvalidUtf8_IsSerializationException()
    {
        var body = Encoding.ASCII.GetBytes("{\"QueueName\":\"").Concat(new byte[] { 0xFF, 0xFE }).Concat(Encoding.ASCII.GetBytes("\"}")).ToArray();
        Assert.Equal("SerializationException", Assert.Throws<SqsException>(() => JsonParameters.Parse(body)).Code.QueryCode);
    }

    private static (string Action, SqsParameters Parameters) Decode(string method, string text) =>
        method == "GET" ? Decode(method, [], "?" + text) : Decode(method, Encoding.UTF8.GetBytes(text));

    private static (string Action, SqsParameters Parameters) Decode(string method, byte[] body, string query = "")
    {
        var http = new DefaultHttpContext();
        http.Request.Method = method;
        http.Request.QueryString = new QueryString(query.Length == 0 ? null : query);
        if (method == "POST")
        {
            http.Request.ContentType = "application/x-www-form-urlencoded; charset=utf-8";
        }

        return ProtocolDecoder.Decode(http.Request, SqsProtocol.Query, body);
    }
}
