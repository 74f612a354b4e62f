using System.Text.Json;
using SecureQueue.FunctionalTests.Infrastructure;
using SecureQueue.FunctionalTests.Protocol;
using static SecureQueue.FunctionalTests.Trail.TrailClient;

namespace SecureQueue.FunctionalTests.Trail;

/// <summary>Every LookupEvents error with its code and status, each one audited; who may look events up; and SQS left as it was.</summary>
public sealed class LookupErrorTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>, IDisposable
{
    private readonly SignedClient client = fixture.Client();

    [Theory]
    [InlineData("""{"LookupAttributes":[{"AttributeKey":"EventName","AttributeValue":"A"},{"AttributeKey":"Username","AttributeValue":"b"}]}""", "InvalidLookupAttributesException")]
    [InlineData("""{"LookupAttributes":[{"AttributeKey":"Color","AttributeValue":"red"}]}""", "InvalidLookupAttributesException")]
    [InlineData("""{"LookupAttributes":[{"AttributeKey":"eventname","AttributeValue":"x"}]}""", "InvalidLookupAttributesException")]
    [InlineData("""{"LookupAttributes":[{"AttributeKey":"EventId,EventName","AttributeValue":"x"}]}""", "InvalidLookupAttributesException")]
    [InlineData("""{"LookupAttributes":[{"AttributeKey":"EventName","AttributeValue":""}]}""", "InvalidLookupAttributesException")]
    [InlineData("""{"LookupAttributes":[{"AttributeKey":"EventName"}]}""", "InvalidLookupAttributesException")]
    [InlineData("""{"LookupAttributes":[{"AttributeKey":"ReadOnly","AttributeValue":"yes"}]}""", "InvalidLookupAttributesException")]
    [InlineData("""{"StartTime":1700000100,"EndTime":1700000000}""", "InvalidTimeRangeException")]
    [InlineData("""{"StartTime":1e300}""", "InvalidTimeRangeException")]
    [InlineData("""{"MaxResults":0}""", "InvalidMaxResultsException")]
    [InlineData("""{"MaxResults":51}""", "InvalidMaxResultsException")]
    [InlineData("""{"NextToken":"not-a-token"}""", "InvalidNextTokenException")]
    [InlineData("""{"EventCategory":"management"}""", "InvalidEventCategoryException")]
    [InlineData("""{"EventCategory":"insight"}""", "OperationNotPermittedException")]
    [InlineData("""{"MaxResults":"ten"}""", "SerializationException")]
    [InlineData("""{"LookupAttributes":""", "SerializationException")]
    public async Task LookupEvents_WithInvalidInput_FailsWithCloudTrailsCodeAndIsAudited(string request, string code)
    {
        using var response = await client.CloudTrailAsync("LookupEvents", request, TestIdentity.Auditor);

        await ErrorAsync(response, 400, code);
        var audit = await WireAssertions.AuditAsync(fixture, response);
        Assert.Equal(("LookupEvents", TestIdentity.Auditor.Arn, code), (audit.Action, audit.Principal, audit.ErrorCode));
    }

    [Fact]
    public async Task LookupEvents_ValueLength_CountsUnderscoresSpacesCommasAndNewlinesTwice()
    {
        using var longest = await client.CloudTrailAsync("LookupEvents", Attribute("EventName", new string('_', 1000)), TestIdentity.Auditor);
        Assert.Equal(200, (int)longest.StatusCode);
        using var plain = await client.CloudTrailAsync("LookupEvents", Attribute("EventName", new string('a', 2000)), TestIdentity.Auditor);
        Assert.Equal(200, (int)plain.StatusCode);

        using var over = await client.CloudTrailAsync("LookupEvents", Attribute("EventName", new string('_', 1000) + "a"), TestIdentity.Auditor);
        await ErrorAsync(over, 400, "InvalidLookupAttributesException");
        using var overPlain = await client.CloudTrailAsync("LookupEvents", Attribute("EventName", new string('a', 2001)), TestIdentity.Auditor);
        await ErrorAsync(overPlain, 400, "InvalidLookupAttributesException");
    }

    [Fact]
    public async Task NextToken_AlteredOrUsedWithOtherParameters_IsInvalidNextTokenException()
    {
        var request = new Dictionary<string, object> { ["MaxResults"] = 1 };
        var (_, token) = await LookupAsync(client, JsonSerializer.Serialize(request));
        Assert.NotNull(token);

        var others = new Dictionary<string, object>[]
        {
            new() { ["MaxResults"] = 2, ["NextToken"] = token },
            new() { ["MaxResults"] = 1, ["NextToken"] = token, ["LookupAttributes"] = new[] { new { AttributeKey = "EventName", AttributeValue = "SendMessage" } } },
            new() { ["MaxResults"] = 1, ["NextToken"] = token, ["StartTime"] = 0 },
            new() { ["MaxResults"] = 1, ["NextToken"] = token, ["EndTime"] = 4_000_000_000 },
            new() { ["MaxResults"] = 1, ["NextToken"] = token[..^1] + (token[^1] == 'A' ? 'B' : 'A') },
            new() { ["MaxResults"] = 1, ["NextToken"] = (token[0] == 'A' ? 'B' : 'A') + token[1..] },
            new() { ["MaxResults"] = 1, ["NextToken"] = token + "A" },
        };
        foreach (var other in others)
        {
            using var response = await client.CloudTrailAsync("LookupEvents", JsonSerializer.Serialize(other), TestIdentity.Auditor);
            await ErrorAsync(response, 400, "InvalidNextTokenException");
        }

        request["NextToken"] = token;
        Assert.Single((await LookupAsync(client, JsonSerializer.Serialize(request))).Events);
    }

    [Theory]
    [InlineData("DescribeTrails")]
    [InlineData("StartLogging")]
    [InlineData("")]
    public async Task OtherCloudTrailOperations_AreUnsupportedOperationException(string operation)
    {
        using var response = await client.CloudTrailAsync(operation, "{}", TestIdentity.Auditor);

        await ErrorAsync(response, 400, "UnsupportedOperationException");
        Assert.Equal("UnsupportedOperationException", (await WireAssertions.AuditAsync(fixture, response)).ErrorCode);
    }

    [Fact]
    public async Task LookupEvents_ByAQueueOnlyIdentity_IsAccessDeniedException()
    {
        foreach (var identity in new[] { TestIdentity.Sender, TestIdentity.Admin })
        {
            using var response = await client.CloudTrailAsync("LookupEvents", "{}", identity);

            var message = await ErrorAsync(response, 400, "AccessDeniedException");
            Assert.Contains("cloudtrail:LookupEvents", message, StringComparison.Ordinal);
            var audit = await WireAssertions.AuditAsync(fixture, response);
            Assert.Equal(("LookupEvents", identity.Arn, "AccessDeniedException"), (audit.Action, audit.Principal, audit.ErrorCode));
        }
    }

    [Fact]
    public async Task Auditor_CannotUseSqs()
    {
        using var response = await client.JsonAsync("ListQueues", "{}", TestIdentity.Auditor);

        await WireAssertions.JsonErrorAsync(response, 403, "com.amazon.coral.service#AccessDeniedException", "AccessDenied");
    }

    [Fact]
    public async Task LookupEvents_WithBadCredentials_FailsAsCloudTrailDoes()
    {
        var unknown = TestIdentity.Auditor with { AccessKeyId = "AKIASECQTESTUNKNOWN1" };
        var wrongSecret = TestIdentity.Auditor with { SecretAccessKey = "wrong" + TestIdentity.Auditor.SecretAccessKey };
        using (var response = await client.CloudTrailAsync("LookupEvents", "{}", null))
        {
            await ErrorAsync(response, 400, "MissingAuthenticationTokenException");
        }

        using (var response = await client.CloudTrailAsync("LookupEvents", "{}", unknown))
        {
            await ErrorAsync(response, 400, "UnrecognizedClientException");
            Assert.Equal(unknown.AccessKeyId, (await WireAssertions.AuditAsync(fixture, response)).AccessKey);
        }

        using (var response = await client.CloudTrailAsync("LookupEvents", "{}", wrongSecret))
        {
            await ErrorAsync(response, 400, "InvalidSignatureException");
        }
    }

    [Fact]
    public async Task Signature_ScopedToAnotherService_FailsOnBothProtocols()
    {
        using (var response = await client.CloudTrailAsync("LookupEvents", "{}", TestIdentity.Auditor, service: "sqs"))
        {
            var message = await ErrorAsync(response, 400, "InvalidSignatureException");
            Assert.Contains("'cloudtrail'", message, StringComparison.Ordinal);
        }

        using (var response = await client.SendAsync(
            HttpMethod.Post, "/", [new("Content-Type", "application/x-amz-json-1.0"), new("X-Amz-Target", "AmazonSQS.ListQueues")], "{}"u8.ToArray(), TestIdentity.Admin, service: "cloudtrail"))
        {
            var message = await WireAssertions.JsonErrorAsync(response, 403, "com.amazon.coral.service#SignatureDoesNotMatch", "SignatureDoesNotMatch");
            Assert.Contains("'sqs'", message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task SqsRequests_BesideTheCloudTrailEndpoint_StillReachSqs()
    {
        using var json = await client.JsonAsync("ListQueues", "{}", TestIdentity.Admin);
        Assert.Equal("application/x-amz-json-1.0", json.Content.Headers.ContentType?.MediaType);
        Assert.Equal(200, (int)json.StatusCode);
        using var query = await client.QueryAsync("Action=ListQueues&Version=2012-11-05", TestIdentity.Admin);
        Assert.Equal(200, (int)query.StatusCode);
        Assert.Equal("text/xml", query.Content.Headers.ContentType?.MediaType);

        // A target that only looks like CloudTrail's is SQS's to refuse.
        using var lookalike = await client.SendAsync(
            HttpMethod.Post, "/", [new("Content-Type", "application/x-amz-json-1.1"), new("X-Amz-Target", "com.amazonaws.cloudtrail.v20131101.LookupEvents")], "{}"u8.ToArray(), TestIdentity.Admin);
        Assert.Equal("application/x-amz-json-1.0", lookalike.Content.Headers.ContentType?.MediaType);
    }

    public void Dispose() => client.Dispose();
}
