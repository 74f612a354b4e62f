using System.Text.Json;
using SecureQueue.FunctionalTests.Infrastructure;
using static SecureQueue.FunctionalTests.Encryption.EncryptionClient;

namespace SecureQueue.FunctionalTests.Queues;

/// <summary>
/// Calls that change nothing read on a pooled connection and only their event goes through the writer; the answer
/// still waits for that event to commit, so no call is answered without its audit record.
/// </summary>
public sealed class ReadAuditTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>, IDisposable
{
    private readonly SignedClient client = fixture.Client();

    [Theory]
    [InlineData("GetQueueUrl")]
    [InlineData("GetQueueAttributes")]
    [InlineData("ListQueueTags")]
    [InlineData("ListQueues")]
    public async Task ReadCall_WhileLogAppendsAreHeld_AnswersOnlyOnceItsEventCommitted(string action)
    {
        var (name, url) = await CreateQueueAsync(client, "read");
        await SendAsync(client, url, "counted");
        var request = action switch
        {
            "GetQueueUrl" => $$"""{"QueueName":"{{name}}"}""",
            "ListQueues" => $$"""{"QueueNamePrefix":"{{name}}"}""",
            "GetQueueAttributes" => $$"""{"QueueUrl":"{{url}}","AttributeNames":["ApproximateNumberOfMessages"]}""",
            _ => $$"""{"QueueUrl":"{{url}}"}""",
        };

        Task<HttpResponseMessage> call;
        await using (await LogAppendLock.TakeAsync(fixture.Database))
        {
            call = client.JsonAsync(action, request, TestIdentity.Admin);
            await Task.Delay(1000);
            Assert.False(call.IsCompleted, $"{action} answered before its event could be written");
        }

        using var response = await call;
        Assert.Equal(200, (int)response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        if (action == "GetQueueAttributes")
        {
            Assert.Equal("1", body.GetProperty("Attributes").GetProperty("ApproximateNumberOfMessages").GetString());
        }

        Assert.Equal(1L, await fixture.Database.ScalarAsync<long>(
            $"select count(*) from events where request_id = '{Protocol.WireAssertions.RequestId(response)}' and action = '{action}' and error_code is null"));
    }

    public void Dispose() => client.Dispose();
}
