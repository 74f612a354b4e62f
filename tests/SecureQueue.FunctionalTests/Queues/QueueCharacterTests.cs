using System.Xml.Linq;
using SecureQueue.FunctionalTests.Infrastructure;
using static SecureQueue.FunctionalTests.Protocol.WireAssertions;

namespace SecureQueue.FunctionalTests.Queues;

/// <summary>
/// Tag keys and values keep to AWS's tagging characters and attribute values to XML 1.0's, and ListQueueTags over Query
/// is always well-formed XML.
/// </summary>
public sealed class QueueCharacterTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>, IDisposable
{
    private static readonly XNamespace Sqs = "http://queue.amazonaws.com/doc/2012-11-05/";
    private readonly SignedClient client = fixture.Client();

    [Fact]
    public async Task TagQueue_ControlCharacterInValue_InvalidParameterValueAuditedNothingStored()
    {
        var name = await CreateQueueAsync();
        using var response = await client.QueryAsync("Action=TagQueue&Tag.1.Key=ok&Tag.1.Value=fine&Tag.2.Key=bad&Tag.2.Value=a%01b", TestIdentity.Admin, $"/000000000000/{name}");
        await XmlErrorAsync(response, 400, "InvalidParameterValue");
        var audit = await AuditAsync(fixture, response);
        Assert.Equal(("TagQueue", "InvalidParameterValue"), (audit.Action, audit.ErrorCode));

        Assert.Empty(await ListTagsAsync(name));
    }

    [Fact]
    public async Task CreateQueue_ControlCharacterInTagKey_InvalidParameterValueNoQueue()
    {
        var name = GatewayFixture.QueueName();
        using var response = await client.JsonAsync("CreateQueue", $$$"""{"QueueName":"{{{name}}}","tags":{"k\u0001":"v"}}""", TestIdentity.Admin);
        await JsonErrorAsync(response, 400, "com.amazon.coral.service#InvalidParameterValueException", "InvalidParameterValue");
        Assert.Equal("InvalidParameterValue", (await AuditAsync(fixture, response)).ErrorCode);
        Assert.Equal(0L, await fixture.Database.ScalarAsync<long>($"select count(*) from queues where name = '{name}'"));
    }

    [Fact]
    public async Task ListQueueTags_StoredTagOutsideXml10_StaysWellFormedXml()
    {
        // A tag stored before characters were checked: the response must still parse, with the character replaced.
        var name = await CreateQueueAsync();
        await fixture.Database.ScalarAsync<int>($$"""update queues set tags = '{"k\u0001":"a\u0001b"}' where name = '{{name}}'; select 1""");

        Assert.Equal([("k\uFFFD", "a\uFFFDb")], await ListTagsAsync(name));
    }

    [Fact]
    public async Task SetQueueAttributes_PolicyWithNonCharacter_InvalidAttributeValueNothingStored()
    {
        var name = await CreateQueueAsync();
        var policy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"ARN"},"Action":"sqs:GetQueueAttributes","Resource":"arn:aws:sqs:us-east-1:000000000000:NAME","Condition":{"StringEquals":{"aws:ResourceTag/env":"VALUE"}}}]}"""
            .Replace("ARN", TestIdentity.Admin.Arn, StringComparison.Ordinal).Replace("NAME", name, StringComparison.Ordinal).Replace("VALUE", "prod\uFFFE", StringComparison.Ordinal);
        var request = System.Text.Json.JsonSerializer.Serialize(new { QueueUrl = $"{fixture.Gateway.Endpoint}000000000000/{name}", Attributes = new Dictionary<string, string> { ["Policy"] = policy } });
        using var response = await client.JsonAsync("SetQueueAttributes", request, TestIdentity.Admin);
        await JsonErrorAsync(response, 400, "com.amazonaws.sqs#InvalidAttributeValue", "InvalidAttributeValue");
        Assert.Equal("InvalidAttributeValue", (await AuditAsync(fixture, response)).ErrorCode);
        Assert.Equal(0L, await fixture.Database.ScalarAsync<long>($"select count(*) from queues where name = '{name}' and attributes ? 'Policy'"));
    }

    private async Task<List<(string Key, string Value)>> ListTagsAsync(string name)
    {
        using var response = await client.QueryAsync("Action=ListQueueTags", TestIdentity.Admin, $"/000000000000/{name}");
        Assert.Equal(200, (int)response.StatusCode);
        var document = XDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.Descendants(Sqs + "Tag").Select(t => (t.Element(Sqs + "Key")!.Value, t.Element(Sqs + "Value")!.Value)).ToList();
    }

    private async Task<string> CreateQueueAsync()
    {
        var name = GatewayFixture.QueueName("tags");
        using var response = await client.QueryAsync($"Action=CreateQueue&QueueName={name}", TestIdentity.Admin);
        Assert.Equal(200, (int)response.StatusCode);
        return name;
    }

    public void Dispose() => client.Dispose();
}
