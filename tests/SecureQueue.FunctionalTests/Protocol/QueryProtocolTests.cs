using System.Xml.Linq;
using SecureQueue.FunctionalTests.Infrastructure;
using static SecureQueue.FunctionalTests.Protocol.WireAssertions;

namespace SecureQueue.FunctionalTests.Protocol;

/// <summary>AWS Query requests built by hand: GET, queue from the path, flattened parameters, XML escaping, errors.</summary>
public sealed class QueryProtocolTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>, IDisposable
{
    private static readonly XNamespace Sqs = "http://queue.amazonaws.com/doc/2012-11-05/";
    private readonly SignedClient client = fixture.Client();

    [Fact]
    public async Task MissingAction_MissingParameter()
    {
        using var response = await client.QueryAsync("Version=2012-11-05", TestIdentity.Admin);
        Assert.Equal("The request must contain the parameter Action.", await XmlErrorAsync(response, 400, "MissingParameter"));
        Assert.Equal("MissingParameter", (await AuditAsync(fixture, response)).ErrorCode);
    }

    [Fact]
    public async Task RepeatedParameter_InvalidParameterValue_NoQueue()
    {
        var name = GatewayFixture.QueueName();
        using var response = await client.QueryAsync($"Action=CreateQueue&QueueName={name}&QueueName={name}x", TestIdentity.Admin);
        await XmlErrorAsync(response, 400, "InvalidParameterValue");
        Assert.Equal(0L, await fixture.Database.ScalarAsync<long>($"select count(*) from queues where name like '{name}%'"));
    }

    [Fact]
    public async Task UnknownAction_InvalidAction()
    {
        using var response = await client.QueryAsync("Action=FooBar&Version=2012-11-05", TestIdentity.Admin);
        Assert.Equal("The action FooBar is not valid for this endpoint.", await XmlErrorAsync(response, 400, "InvalidAction"));
    }

    [Fact]
    public async Task NonExistentQueue_LegacyCodeAndWsdlMessage()
    {
        using var response = await client.QueryAsync("Action=GetQueueUrl&QueueName=does-not-exist", TestIdentity.Admin);
        var message = await XmlErrorAsync(response, 400, "AWS.SimpleQueueService.NonExistentQueue");
        Assert.Equal("The specified queue does not exist for this wsdl version.", message);
    }

    [Fact]
    public async Task Get_QueueFromPath_ReturnsAttributes()
    {
        var name = await CreateQueueAsync();
        using var response = await client.SendAsync(
            HttpMethod.Get, $"/000000000000/{name}?Action=GetQueueAttributes&AttributeName.1=VisibilityTimeout", [], [], TestIdentity.Admin);
        Assert.Equal(200, (int)response.StatusCode);
        var attribute = XDocument.Parse(await response.Content.ReadAsStringAsync()).Descendants(Sqs + "Attribute").Single();
        Assert.Equal(("VisibilityTimeout", "30"), (attribute.Element(Sqs + "Name")!.Value, attribute.Element(Sqs + "Value")!.Value));
    }

    [Fact]
    public async Task Post_QueueFromPath_SendsAndEscapesCarriageReturn()
    {
        var name = await CreateQueueAsync();
        using var sent = await client.QueryAsync("Action=SendMessage&MessageBody=a%0D%0Ab", TestIdentity.Admin, $"/000000000000/{name}");
        Assert.Equal(200, (int)sent.StatusCode);
        using var received = await client.QueryAsync("Action=ReceiveMessage", TestIdentity.Admin, $"/000000000000/{name}");
        var xml = await received.Content.ReadAsStringAsync();
        Assert.Contains("<Body>a&#xD;\nb</Body>", xml, StringComparison.Ordinal);
        Assert.Equal("a\r\nb", XDocument.Parse(xml).Descendants(Sqs + "Body").Single().Value);
    }

    [Fact]
    public async Task UnsupportedMethod_InvalidParameterValue()
    {
        using var response = await client.SendAsync(HttpMethod.Put, "/", [new("Content-Type", "application/x-www-form-urlencoded")], "Action=ListQueues"u8.ToArray(), TestIdentity.Admin);
        await XmlErrorAsync(response, 400, "InvalidParameterValue");
    }

    private async Task<string> CreateQueueAsync()
    {
        var name = GatewayFixture.QueueName();
        using var response = await client.QueryAsync($"Action=CreateQueue&QueueName={name}", TestIdentity.Admin);
        Assert.Equal(200, (int)response.StatusCode);
        return name;
    }

    public void Dispose() => client.Dispose();
}
