using System.Text.Json;
using SecureQueue.FunctionalTests.Infrastructure;
using SecureQueue.FunctionalTests.Protocol;
using static SecureQueue.FunctionalTests.Encryption.EncryptionClient;
using static SecureQueue.FunctionalTests.Trail.TrailClient;

namespace SecureQueue.FunctionalTests.Trail;

/// <summary>CloudTrail's LookupEvents on the gateway's own endpoint: every attribute, paging, time windows and the record it returns.</summary>
public sealed class LookupEventsTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>, IDisposable
{
    private readonly SignedClient client = fixture.Client();

    [Fact]
    public async Task LookupEvents_ByResourceName_ReturnsTheQueuesEventsNewestFirst()
    {
        var (name, url) = await CreateQueueAsync(client, "trail");
        await SendAsync(client, url, "first");
        await SendAsync(client, url, "second");

        var (events, token) = await LookupAsync(client, Attribute("ResourceName", QueueArn(name)));

        Assert.Null(token);
        Assert.Equal(["SendMessage", "SendMessage", "CreateQueue"], events.Select(e => e.GetProperty("EventName").GetString()));
        var times = events.Select(e => e.GetProperty("EventTime").GetInt64()).ToList();
        Assert.Equal(times.OrderDescending(), times);
        foreach (var lookedUp in events)
        {
            var resource = Assert.Single(lookedUp.GetProperty("Resources").EnumerateArray());
            Assert.Equal("AWS::SQS::Queue", resource.GetProperty("ResourceType").GetString());
            Assert.Equal(QueueArn(name), resource.GetProperty("ResourceName").GetString());
            Assert.Equal("admin", lookedUp.GetProperty("Username").GetString());
            Assert.Equal(TestIdentity.Admin.AccessKeyId, lookedUp.GetProperty("AccessKeyId").GetString());
            Assert.Equal("sqs.amazonaws.com", lookedUp.GetProperty("EventSource").GetString());
            Assert.Equal("false", lookedUp.GetProperty("ReadOnly").GetString());
            var record = Record(lookedUp);
            Assert.Equal(lookedUp.GetProperty("EventId").GetString(), record.GetProperty("eventID").GetString());
            Assert.Equal(lookedUp.GetProperty("EventName").GetString(), record.GetProperty("eventName").GetString());
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(lookedUp.GetProperty("EventTime").GetInt64()), record.GetProperty("eventTime").GetDateTimeOffset());
        }
    }

    [Theory]
    [InlineData("EventId")]
    [InlineData("EventName")]
    [InlineData("ReadOnly")]
    [InlineData("Username")]
    [InlineData("ResourceType")]
    [InlineData("ResourceName")]
    [InlineData("EventSource")]
    [InlineData("AccessKeyId")]
    public async Task LookupEvents_ByEachAttribute_ReturnsOnlyMatchingEventsIncludingTheNewest(string key)
    {
        var (name, url) = await CreateQueueAsync(client, "attr");
        using (var sent = await client.JsonAsync("SendMessage", JsonSerializer.Serialize(new { QueueUrl = url, MessageBody = "by sender" }), TestIdentity.Sender))
        {
            sent.EnsureSuccessStatusCode();
        }

        using var tail = await client.JsonAsync("GetQueueUrl", JsonSerializer.Serialize(new { QueueName = name }), TestIdentity.NoDelete);
        tail.EnsureSuccessStatusCode();
        var newest = WireAssertions.RequestId(tail).ToString();
        var eventId = await fixture.Database.ScalarAsync<Guid>($"select id from events where request_id = '{newest}'");
        var (value, matches) = key switch
        {
            "EventId" => (eventId.ToString(), (Func<JsonElement, bool>)(e => e.GetProperty("EventId").GetString() == eventId.ToString())),
            "EventName" => ("GetQueueUrl", e => e.GetProperty("EventName").GetString() == "GetQueueUrl"),
            "ReadOnly" => ("true", e => e.GetProperty("ReadOnly").GetString() == "true"),
            "Username" => ("nodelete", e => e.GetProperty("Username").GetString() == "nodelete"),
            "ResourceType" => ("AWS::SQS::Queue", e => e.GetProperty("Resources")[0].GetProperty("ResourceType").GetString() == "AWS::SQS::Queue"),
            "ResourceName" => (QueueArn(name), e => e.GetProperty("Resources")[0].GetProperty("ResourceName").GetString() == QueueArn(name)),
            "EventSource" => ("sqs.amazonaws.com", e => e.GetProperty("EventSource").GetString() == "sqs.amazonaws.com"),
            _ => (TestIdentity.NoDelete.AccessKeyId, e => e.GetProperty("AccessKeyId").GetString() == TestIdentity.NoDelete.AccessKeyId),
        };

        var (events, _) = await LookupAsync(client, Attribute(key, value));

        Assert.NotEmpty(events);
        Assert.All(events, e => Assert.True(matches(e), $"{key}={value} returned {e}"));
        Assert.Equal(newest, Record(events[0]).GetProperty("requestID").GetString());
    }

    [Fact]
    public async Task LookupEvents_WithNextToken_WalksEveryPageOnceAndEndsWithoutAToken()
    {
        var (name, url) = await CreateQueueAsync(client, "pages");
        for (var i = 0; i < 5; i++)
        {
            await SendAsync(client, url, $"message {i}");
        }

        var request = new Dictionary<string, object> { ["LookupAttributes"] = new[] { new { AttributeKey = "ResourceName", AttributeValue = QueueArn(name) } }, ["MaxResults"] = 2 };
        var (first, token) = await LookupAsync(client, JsonSerializer.Serialize(request));
        Assert.Equal(2, first.Count);
        Assert.NotNull(token);

        var all = await LookupAllAsync(client, request);

        Assert.Equal(6, all.Count);
        Assert.Equal(6, all.Select(e => e.GetProperty("EventId").GetString()).Distinct().Count());
        Assert.Equal("CreateQueue", all[^1].GetProperty("EventName").GetString());
        Assert.All(all[..5], e => Assert.Equal("SendMessage", e.GetProperty("EventName").GetString()));
        var sequences = all.Select(e => Record(e).GetProperty("additionalEventData").GetProperty("logSequence").GetInt64()).ToList();
        Assert.Equal(sequences.OrderDescending(), sequences);
    }

    [Fact]
    public async Task LookupEvents_WithATimeWindow_ReturnsOnlyEventsInsideItInclusive()
    {
        var (name, url) = await CreateQueueAsync(client, "window");
        await SendAsync(client, url, "timed");
        var (events, _) = await LookupAsync(client, Attribute("ResourceName", QueueArn(name)));
        var created = events[^1].GetProperty("EventTime").GetInt64();
        var sent = events[0].GetProperty("EventTime").GetInt64();

        async Task<int> CountAsync(long? start, long? end)
        {
            var request = new Dictionary<string, object> { ["LookupAttributes"] = new[] { new { AttributeKey = "ResourceName", AttributeValue = QueueArn(name) } } };
            if (start is not null)
            {
                request["StartTime"] = start;
            }

            if (end is not null)
            {
                request["EndTime"] = end;
            }

            return (await LookupAsync(client, JsonSerializer.Serialize(request))).Events.Count;
        }

        Assert.Equal(2, await CountAsync(created, sent));
        Assert.Equal(0, await CountAsync(null, created - 1));
        Assert.Equal(0, await CountAsync(sent + 1, null));
        Assert.Equal(events.Count(e => e.GetProperty("EventTime").GetInt64() >= sent), await CountAsync(sent, sent + 3600));
    }

    [Fact]
    public async Task LookupEvents_IsItselfAuditedAndFoundByTheNextLookup()
    {
        using var first = await client.CloudTrailAsync("LookupEvents", Attribute("EventName", "PurgeQueue"), TestIdentity.Auditor);
        first.EnsureSuccessStatusCode();
        var requestId = WireAssertions.RequestId(first).ToString();

        var (events, _) = await LookupAsync(client, Attribute("EventSource", "cloudtrail.amazonaws.com"));

        var own = Assert.Single(events, e => Record(e).GetProperty("requestID").GetString() == requestId);
        Assert.Equal("LookupEvents", own.GetProperty("EventName").GetString());
        Assert.Equal("true", own.GetProperty("ReadOnly").GetString());
        Assert.Equal("auditor", own.GetProperty("Username").GetString());
        Assert.Empty(own.GetProperty("Resources").EnumerateArray());
        var record = Record(own);
        Assert.Equal("Management", record.GetProperty("eventCategory").GetString());
        var attribute = record.GetProperty("requestParameters").GetProperty("lookupAttributes")[0];
        Assert.Equal("EventName", attribute.GetProperty("attributeKey").GetString());
        Assert.Equal("PurgeQueue", attribute.GetProperty("attributeValue").GetString());
    }

    [Fact]
    public async Task CloudTrailEvent_OfASend_NamesTheBodyHiddenAndNeverHoldsIt()
    {
        var (name, url) = await CreateQueueAsync(client, "body");
        var body = "secret-body-" + Guid.NewGuid().ToString("N");
        await SendAsync(client, url, body);

        var (events, _) = await LookupAsync(client, Attribute("ResourceName", QueueArn(name)));

        var send = events[0];
        Assert.DoesNotContain(body, send.GetRawText(), StringComparison.Ordinal);
        var record = Record(send);
        Assert.Equal("Data", record.GetProperty("eventCategory").GetString());
        Assert.Equal("HIDDEN_DUE_TO_SECURITY_REASONS", record.GetProperty("requestParameters").GetProperty("messageBody").GetString());
    }

    [Fact]
    public async Task LookupEvents_ForAnIdThatIsNoEvent_ReturnsNothing()
    {
        Assert.Empty((await LookupAsync(client, Attribute("EventId", Guid.NewGuid().ToString()))).Events);
        Assert.Empty((await LookupAsync(client, Attribute("EventId", "not-an-id"))).Events);
        Assert.Empty((await LookupAsync(client, Attribute("ResourceType", "AWS::S3::Bucket"))).Events);
    }

    [Fact]
    public async Task LookupEvents_UnderTheSmithyTargetTheJavaScriptSdkSends_IsServedToo()
    {
        using var response = await client.SendAsync(
            HttpMethod.Post, "/", [new("Content-Type", "application/x-amz-json-1.1"), new("X-Amz-Target", "CloudTrail_20131101.LookupEvents")],
            """{"MaxResults":1}"""u8.ToArray(), TestIdentity.Auditor, service: "cloudtrail");

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Single(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("Events").EnumerateArray());
    }

    public void Dispose() => client.Dispose();

    private static string QueueArn(string name) => $"arn:aws:sqs:us-east-1:000000000000:{name}";
}
