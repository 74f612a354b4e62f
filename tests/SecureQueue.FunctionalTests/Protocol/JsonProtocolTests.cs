using System.Text.Json;
using SecureQueue.FunctionalTests.Infrastructure;
using static SecureQueue.FunctionalTests.Protocol.WireAssertions;

namespace SecureQueue.FunctionalTests.Protocol;

/// <summary>AWS JSON 1.0 requests no SDK would send: each gets a precise error, one audit event and no write.</summary>
public sealed class JsonProtocolTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>, IDisposable
{
    private readonly SignedClient client = fixture.Client();

    [Fact]
    public async Task MalformedJson_SerializationException()
    {
        using var response = await client.JsonAsync("CreateQueue", "{\"QueueName\": ", TestIdentity.Admin);
        await JsonErrorAsync(response, 400, "com.amazon.coral.service#SerializationException", "SerializationException");
        var audit = await AuditAsync(fixture, response);
        Assert.Equal(("SerializationException", TestIdentity.Admin.Arn), (audit.ErrorCode, audit.Principal));
    }

    [Fact]
    public async Task DuplicateJsonKeys_SerializationException_NoQueueCreated()
    {
        var name = GatewayFixture.QueueName();
        using var response = await client.JsonAsync("CreateQueue", $$"""{"QueueName":"{{name}}","QueueName":"{{name}}x"}""", TestIdentity.Admin);
        await JsonErrorAsync(response, 400, "com.amazon.coral.service#SerializationException", "SerializationException");
        Assert.Equal(0L, await fixture.Database.ScalarAsync<long>($"select count(*) from queues where name like '{name}%'"));
    }

    [Fact]
    public async Task WrongMemberType_SerializationException()
    {
        using var response = await client.JsonAsync("ListQueues", """{"MaxResults":"ten"}""", TestIdentity.Admin);
        await JsonErrorAsync(response, 400, "com.amazon.coral.service#SerializationException", "SerializationException");
    }

    [Fact]
    public async Task UnknownAction_InvalidAction()
    {
        using var response = await client.JsonAsync("FooBar", "{}", TestIdentity.Admin);
        var message = await JsonErrorAsync(response, 400, "com.amazon.coral.service#InvalidAction", "InvalidAction");
        Assert.Equal("The action FooBar is not valid for this endpoint.", message);
        // Only known names reach the action column; the unknown one survives, capped, in the recorded error message.
        Assert.Equal("Unknown", (await AuditAsync(fixture, response)).Action);
    }

    [Fact]
    public async Task WrongContentType_InvalidParameterValue()
    {
        using var response = await client.JsonAsync("ListQueues", "{}", TestIdentity.Admin, contentType: "text/plain");
        await JsonErrorAsync(response, 400, "com.amazon.coral.service#InvalidParameterValueException", "InvalidParameterValue");
        Assert.Equal("InvalidParameterValue", (await AuditAsync(fixture, response)).ErrorCode);
    }

    [Fact]
    public async Task MissingParameter_MissingParameter()
    {
        using var response = await client.JsonAsync("CreateQueue", "{}", TestIdentity.Admin);
        var message = await JsonErrorAsync(response, 400, "com.amazon.coral.service#MissingRequiredParameterException", "MissingParameter");
        Assert.Equal("The request must contain the parameter QueueName.", message);
    }

    [Fact]
    public async Task OversizedRequest_RequestEntityTooLarge_BeforeParsing()
    {
        var body = "{\"QueueName\":\"" + new string('a', 5 * 1024 * 1024) + "\"}";
        using var response = await client.JsonAsync("CreateQueue", body, TestIdentity.Admin);
        await JsonErrorAsync(response, 413, "com.amazon.coral.service#RequestEntityTooLarge", "RequestEntityTooLarge");
        Assert.Equal("RequestEntityTooLarge", (await AuditAsync(fixture, response)).ErrorCode);
    }

    [Fact]
    public async Task BodyWithForbiddenCharacter_InvalidMessageContents_NothingStored()
    {
        var name = GatewayFixture.QueueName();
        using var created = await client.JsonAsync("CreateQueue", $$"""{"QueueName":"{{name}}"}""", TestIdentity.Admin);
        var url = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("QueueUrl").GetString();
        using var response = await client.JsonAsync("SendMessage", $$"""{"QueueUrl":"{{url}}","MessageBody":"a\u0001b"}""", TestIdentity.Admin);
        await JsonErrorAsync(response, 400, "com.amazonaws.sqs#InvalidMessageContents", "InvalidMessageContents");
        Assert.Equal(0L, await fixture.Database.ScalarAsync<long>(
            $"select count(*) from queue_messages m join queues q using (queue_id) where q.name = '{name}'"));
    }

    [Fact]
    public async Task Success_CarriesRequestIdAndDate()
    {
        using var response = await client.JsonAsync("ListQueues", "{}", TestIdentity.Admin);
        Assert.Equal(200, (int)response.StatusCode);
        Assert.InRange(response.Headers.Date!.Value, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        var audit = await AuditAsync(fixture, response);
        Assert.Equal(("ListQueues", null, "TLSv1.3"), (audit.Action, audit.ErrorCode, audit.Tls));
        Assert.Equal(TestIdentity.Admin.AccessKeyId, audit.AccessKey);
    }

    public void Dispose() => client.Dispose();
}
