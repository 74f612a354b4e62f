using System.Text.Json;
using SecureQueue.FunctionalTests.Infrastructure;
using SecureQueue.FunctionalTests.Protocol;
using static SecureQueue.FunctionalTests.Encryption.EncryptionClient;

namespace SecureQueue.FunctionalTests.Queues;

/// <summary>Dead-letter queues: RedrivePolicy and RedriveAllowPolicy checks, the move at receive, ListDeadLetterSourceQueues.</summary>
public sealed class DeadLetterTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>, IDisposable
{
    private readonly SignedClient client = fixture.Client();

    public static TheoryData<string, string> BadPolicies => new()
    {
        { """{"maxReceiveCount":3}""", "Redrive policy does not contain mandatory attribute: deadLetterTargetArn." },
        { """{"deadLetterTargetArn":"TARGET"}""", "Redrive policy does not contain mandatory attribute: maxReceiveCount." },
        { """{"deadLetterTargetArn":"TARGET","maxReceiveCount":0}""", "Invalid value for maxReceiveCount: 0, valid values are from 1 to 1000 both inclusive." },
        { """{"deadLetterTargetArn":"TARGET","maxReceiveCount":"1001"}""", "Invalid value for maxReceiveCount: 1001, valid values are from 1 to 1000 both inclusive." },
        { """{"deadLetterTargetArn":"arn:aws:sqs:eu-west-1:000000000000:elsewhere","maxReceiveCount":3}""", "same account and region" },
        { """{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:missing-dlq-queue","maxReceiveCount":3}""", "Dead letter target does not exist." },
        { "not json", "It is not valid JSON." },
    };

    [Theory]
    [MemberData(nameof(BadPolicies))]
    public async Task RedrivePolicy_Invalid_InvalidParameterValue_NothingChanged(string policy, string reason)
    {
        var (dlq, _) = await CreateQueueAsync(client, "dlq");
        var (_, source) = await CreateQueueAsync(client, "src");
        using var response = await SetAsync(source, "RedrivePolicy", policy.Replace("TARGET", QueueArn(dlq), StringComparison.Ordinal));

        var message = await WireAssertions.JsonErrorAsync(response, 400, "com.amazon.coral.service#InvalidParameterValueException", "InvalidParameterValue");
        Assert.Contains(reason, message, StringComparison.Ordinal);
        Assert.False((await AttributesAsync(source)).ContainsKey("RedrivePolicy"));
    }

    [Theory]
    [InlineData("""{"redrivePermission":"denyAll"}""", false)]
    [InlineData("""{"redrivePermission":"byQueue","sourceQueueArns":["arn:aws:sqs:us-east-1:000000000000:someone-else"]}""", false)]
    [InlineData("""{"redrivePermission":"byQueue","sourceQueueArns":["SOURCE"]}""", true)]
    [InlineData("""{"redrivePermission":"allowAll"}""", true)]
    public async Task RedriveAllowPolicy_DecidesWhoMayUseTheQueue(string allow, bool allowed)
    {
        var (dlq, dlqUrl) = await CreateQueueAsync(client, "dlq");
        var (source, sourceUrl) = await CreateQueueAsync(client, "src");
        using (var set = await SetAsync(dlqUrl, "RedriveAllowPolicy", allow.Replace("SOURCE", QueueArn(source), StringComparison.Ordinal)))
        {
            Assert.Equal(200, (int)set.StatusCode);
        }

        using var response = await SetAsync(sourceUrl, "RedrivePolicy", Redrive(dlq, 2));

        if (allowed)
        {
            Assert.Equal(200, (int)response.StatusCode);
            Assert.Equal(Redrive(dlq, 2), (await AttributesAsync(sourceUrl))["RedrivePolicy"]);
        }
        else
        {
            var message = await WireAssertions.JsonErrorAsync(response, 400, "com.amazon.coral.service#InvalidParameterValueException", "InvalidParameterValue");
            Assert.Contains("RedriveAllowPolicy", message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("""{"redrivePermission":"byQueue","sourceQueueArns":[]}""")]
    [InlineData("""{"redrivePermission":"allowAll","sourceQueueArns":["arn:aws:sqs:us-east-1:000000000000:a"]}""")]
    [InlineData("""{"redrivePermission":"sometimes"}""")]
    public async Task RedriveAllowPolicy_Invalid_InvalidParameterValue(string allow)
    {
        var (_, dlqUrl) = await CreateQueueAsync(client, "dlq");
        using var response = await SetAsync(dlqUrl, "RedriveAllowPolicy", allow);
        await WireAssertions.JsonErrorAsync(response, 400, "com.amazon.coral.service#InvalidParameterValueException", "InvalidParameterValue");
    }

    [Fact]
    public async Task RedriveAllowPolicy_ElevenSources_Refused()
    {
        var (_, dlqUrl) = await CreateQueueAsync(client, "dlq");
        var sources = string.Join(",", Enumerable.Range(0, 11).Select(i => $"\"arn:aws:sqs:us-east-1:000000000000:s{i}\""));
        using var response = await SetAsync(dlqUrl, "RedriveAllowPolicy", $$"""{"redrivePermission":"byQueue","sourceQueueArns":[{{sources}}]}""");
        Assert.Contains("1 to 10 queue ARNs", await WireAssertions.JsonErrorAsync(response, 400, "com.amazon.coral.service#InvalidParameterValueException", "InvalidParameterValue"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmptyRedrivePolicy_RemovesIt()
    {
        var (dlq, _) = await CreateQueueAsync(client, "dlq");
        var (_, source) = await CreateQueueAsync(client, "src");
        (await SetAsync(source, "RedrivePolicy", Redrive(dlq, 3))).EnsureSuccessStatusCode();
        (await SetAsync(source, "RedrivePolicy", string.Empty)).EnsureSuccessStatusCode();
        Assert.False((await AttributesAsync(source)).ContainsKey("RedrivePolicy"));
    }

    [Fact]
    public async Task ReceivedMaxTimes_NextReceiveMovesIt_WholeAndResealedUnderTheTargetsKey()
    {
        var (dlq, dlqUrl) = await CreateQueueAsync(client, "dlq");
        var (source, sourceUrl) = await CreateQueueAsync(client, "src");
        (await SetAsync(sourceUrl, "RedrivePolicy", Redrive(dlq, 1))).EnsureSuccessStatusCode();
        var id = await SendAsync(client, sourceUrl, "to the dead letters", new Dictionary<string, string> { ["trace"] = "t-1" });

        var (first, _) = await ReceiveAsync(client, sourceUrl, attributeNames: """["All"]""", visibilityTimeout: 0);
        var delivered = Assert.Single(first);
        var (second, receive) = await ReceiveAsync(client, sourceUrl, visibilityTimeout: 0);
        Assert.Empty(second);

        var (moved, _) = await ReceiveAsync(client, dlqUrl, attributeNames: """["All"]""");
        var message = Assert.Single(moved);
        Assert.Equal(id, message.GetProperty("MessageId").GetString());
        Assert.Equal("to the dead letters", message.GetProperty("Body").GetString());
        Assert.Equal(delivered.GetProperty("MD5OfMessageAttributes").GetString(), message.GetProperty("MD5OfMessageAttributes").GetString());
        var attributes = message.GetProperty("Attributes");
        Assert.Equal("2", attributes.GetProperty("ApproximateReceiveCount").GetString());
        Assert.Equal(QueueArn(source), attributes.GetProperty("DeadLetterQueueSourceArn").GetString());
        Assert.Equal(delivered.GetProperty("Attributes").GetProperty("SentTimestamp").GetString(), attributes.GetProperty("SentTimestamp").GetString());
        Assert.Equal(TestIdentity.Admin.AccessKeyId, attributes.GetProperty("SenderId").GetString());

        Assert.Equal(0L, await fixture.Database.ScalarAsync<long>($"select count(*) from queue_messages m join queues q using (queue_id) where q.name = '{source}'"));
        Assert.Equal(dlq, await fixture.Database.ScalarAsync<string>(
            $"select q.name from queue_messages m join data_keys k using (key_id) join queues q on q.queue_id = k.queue_id where m.message_id = '{id}'"));
        var move = Assert.Single(await fixture.Database.RowsAsync(
            $"select data -> 'detail' ->> 'sourceArn', data -> 'detail' ->> 'targetArn', data -> 'detail' -> 'messages' -> 0 ->> 'id', data -> 'detail' ->> 'receiveRequestId' from events where event_type = 'MessagesMovedToDeadLetterQueue' and data -> 'detail' ->> 'sourceArn' = '{QueueArn(source)}'"));
        Assert.Equal((QueueArn(source), QueueArn(dlq), id, receive.ToString()), ((string)move[0]!, (string)move[1]!, (string)move[2]!, (string)move[3]!));
    }

    [Fact]
    public async Task AfterAMove_ShreddingEitherQueueStillWorks()
    {
        var (dlq, dlqUrl) = await CreateQueueAsync(client, "dlq");
        var (source, sourceUrl) = await CreateQueueAsync(client, "src");
        (await SetAsync(sourceUrl, "RedrivePolicy", Redrive(dlq, 1))).EnsureSuccessStatusCode();
        var id = await SendAsync(client, sourceUrl, "moved, then shredded");
        Assert.Single((await ReceiveAsync(client, sourceUrl, visibilityTimeout: 0)).Messages);
        Assert.Empty((await ReceiveAsync(client, sourceUrl, visibilityTimeout: 0)).Messages);
        var dlqKey = await fixture.Database.ScalarAsync<Guid>($"select key_id from queue_messages where message_id = '{id}'");

        (await client.JsonAsync("DeleteQueue", JsonSerializer.Serialize(new { QueueUrl = sourceUrl }), TestIdentity.Admin)).EnsureSuccessStatusCode();
        Assert.Equal(0L, await fixture.Database.ScalarAsync<long>(
            $"select count(*) from data_keys k join queues q on q.queue_id = k.queue_id where q.name = '{source}' and k.wrapped is not null"));
        var (kept, _) = await ReceiveAsync(client, dlqUrl, visibilityTimeout: 0);
        Assert.Equal("moved, then shredded", Assert.Single(kept).GetProperty("Body").GetString());

        (await client.JsonAsync("PurgeQueue", JsonSerializer.Serialize(new { QueueUrl = dlqUrl }), TestIdentity.Admin)).EnsureSuccessStatusCode();
        Assert.True(await fixture.Database.ScalarAsync<bool>($"select wrapped is null and destroyed_at is not null from data_keys where key_id = '{dlqKey}'"));
    }

    [Fact]
    public async Task TargetDeletedAfterwards_MoveRefusedAndAudited_MessageStaysInTheSource()
    {
        var (dlq, dlqUrl) = await CreateQueueAsync(client, "dlq");
        var (source, sourceUrl) = await CreateQueueAsync(client, "src");
        (await SetAsync(sourceUrl, "RedrivePolicy", Redrive(dlq, 1))).EnsureSuccessStatusCode();
        var id = await SendAsync(client, sourceUrl, "kept");
        (await client.JsonAsync("DeleteQueue", JsonSerializer.Serialize(new { QueueUrl = dlqUrl }), TestIdentity.Admin)).EnsureSuccessStatusCode();

        Assert.Single((await ReceiveAsync(client, sourceUrl, visibilityTimeout: 0)).Messages);
        Assert.Empty((await ReceiveAsync(client, sourceUrl, visibilityTimeout: 0)).Messages);

        Assert.Equal(1L, await fixture.Database.ScalarAsync<long>($"select count(*) from queue_messages where message_id = '{id}'"));
        Assert.Equal("Dead letter target does not exist.", await fixture.Database.ScalarAsync<string>(
            $"select data -> 'detail' ->> 'reason' from events where event_type = 'DeadLetterMoveRefused' and data -> 'detail' ->> 'sourceArn' = '{QueueArn(source)}'"));
    }

    [Fact]
    public async Task ListDeadLetterSourceQueues_ListsAndPagesTheSources()
    {
        var (dlq, dlqUrl) = await CreateQueueAsync(client, "dlq");
        var (_, a) = await CreateQueueAsync(client, "src");
        var (_, b) = await CreateQueueAsync(client, "src");
        var (_, unrelated) = await CreateQueueAsync(client, "src");
        (await SetAsync(a, "RedrivePolicy", Redrive(dlq, 5))).EnsureSuccessStatusCode();
        (await SetAsync(b, "RedrivePolicy", Redrive(dlq, 5))).EnsureSuccessStatusCode();

        var all = await ListSourcesAsync(new { QueueUrl = dlqUrl });
        Assert.Equal(new[] { a, b }.Order(StringComparer.Ordinal), all.GetProperty("queueUrls").EnumerateArray().Select(u => u.GetString()!));
        var page = await ListSourcesAsync(new { QueueUrl = dlqUrl, MaxResults = 1 });
        var rest = await ListSourcesAsync(new { QueueUrl = dlqUrl, MaxResults = 1, NextToken = page.GetProperty("NextToken").GetString() });
        Assert.Equal(
            new[] { a, b }.Order(StringComparer.Ordinal),
            page.GetProperty("queueUrls").EnumerateArray().Concat(rest.GetProperty("queueUrls").EnumerateArray()).Select(u => u.GetString()!));
        Assert.False(rest.TryGetProperty("NextToken", out _));
        Assert.Empty((await ListSourcesAsync(new { QueueUrl = unrelated })).GetProperty("queueUrls").EnumerateArray());
    }

    public void Dispose() => client.Dispose();

    private static string QueueArn(string name) => $"arn:aws:sqs:us-east-1:000000000000:{name}";

    private static string Redrive(string dlq, int count) => $$"""{"deadLetterTargetArn":"{{QueueArn(dlq)}}","maxReceiveCount":{{count}}}""";

    private Task<HttpResponseMessage> SetAsync(string url, string name, string value) =>
        client.JsonAsync("SetQueueAttributes", JsonSerializer.Serialize(new { QueueUrl = url, Attributes = new Dictionary<string, string> { [name] = value } }), TestIdentity.Admin);

    private async Task<Dictionary<string, string>> AttributesAsync(string url)
    {
        using var response = await client.JsonAsync("GetQueueAttributes", JsonSerializer.Serialize(new { QueueUrl = url, AttributeNames = new[] { "All" } }), TestIdentity.Admin);
        response.EnsureSuccessStatusCode();
        return JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, string>>>(await response.Content.ReadAsStringAsync())!["Attributes"];
    }

    private async Task<JsonElement> ListSourcesAsync(object request)
    {
        using var response = await client.JsonAsync("ListDeadLetterSourceQueues", JsonSerializer.Serialize(request), TestIdentity.Admin);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
