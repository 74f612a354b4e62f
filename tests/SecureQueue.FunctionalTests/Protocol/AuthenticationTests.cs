using SecureQueue.FunctionalTests.Infrastructure;
using SecureQueue.Gateway.Tests.Authentication.SigV4;
using static SecureQueue.FunctionalTests.Protocol.WireAssertions;

namespace SecureQueue.FunctionalTests.Protocol;

/// <summary>SigV4 and authorization failures over real TLS, as AWS returns them, each audited once.</summary>
public sealed class AuthenticationTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>, IDisposable
{
    private const string Coral = "com.amazon.coral.service#";
    private readonly SignedClient client = fixture.Client();

    [Fact]
    public async Task Unsigned_MissingAuthenticationToken()
    {
        using var response = await client.JsonAsync("ListQueues", "{}", identity: null);
        await JsonErrorAsync(response, 403, Coral + "MissingAuthenticationTokenException", "MissingAuthenticationToken");
        var audit = await AuditAsync(fixture, response);
        Assert.Equal(("ListQueues", null, "MissingAuthenticationToken"), (audit.Action, audit.Principal, audit.ErrorCode));
    }

    [Fact]
    public async Task BodyChangedAfterSigning_SignatureDoesNotMatch()
    {
        using var response = await client.JsonAsync("ListQueues", "{}", TestIdentity.Admin, r => r with { Body = "{ }"u8.ToArray() });
        await JsonErrorAsync(response, 403, Coral + "SignatureDoesNotMatch", "SignatureDoesNotMatch");
        var audit = await AuditAsync(fixture, response);
        Assert.Equal((null, TestIdentity.Admin.AccessKeyId, "SignatureDoesNotMatch"), (audit.Principal, audit.AccessKey, audit.ErrorCode));
    }

    [Fact]
    public async Task WrongSecret_SignatureDoesNotMatch()
    {
        var impostor = TestIdentity.Admin with { SecretAccessKey = "not-the-secret-0123456789abcdefghijklmnop" };
        using var response = await client.JsonAsync("ListQueues", "{}", impostor);
        await JsonErrorAsync(response, 403, Coral + "SignatureDoesNotMatch", "SignatureDoesNotMatch");
    }

    [Fact]
    public async Task UnknownAccessKey_InvalidClientTokenId()
    {
        var stranger = TestIdentity.Admin with { AccessKeyId = "AKIAUNKNOWNKEY000001" };
        using var response = await client.JsonAsync("ListQueues", "{}", stranger);
        await JsonErrorAsync(response, 403, Coral + "InvalidClientTokenId", "InvalidClientTokenId");
    }

    [Fact]
    public async Task SignedTwentyMinutesAgo_RequestExpired()
    {
        using var response = await client.SendAsync(HttpMethod.Post, "/",
            [new("Content-Type", "application/x-amz-json-1.0"), new("X-Amz-Target", "AmazonSQS.ListQueues")], "{}"u8.ToArray(),
            TestIdentity.Admin, at: DateTimeOffset.UtcNow.AddMinutes(-20));
        await JsonErrorAsync(response, 400, Coral + "RequestExpired", "RequestExpired");
    }

    [Fact]
    public async Task AuthorizationWithoutSignature_IncompleteSignature()
    {
        using var response = await client.JsonAsync("ListQueues", "{}", TestIdentity.Admin, r => SigV4TestSigner.ReplaceHeader(r, "Authorization",
            $"AWS4-HMAC-SHA256 Credential={TestIdentity.Admin.AccessKeyId}/20260101/us-east-1/sqs/aws4_request, SignedHeaders=host;x-amz-date"));
        await XmlOrJsonIncompleteAsync(response);
    }

    [Fact]
    public async Task NotAllowed_AccessDenied_ImplicitDenyMessage()
    {
        using var response = await client.JsonAsync("ListQueues", "{}", TestIdentity.Sender);
        var message = await JsonErrorAsync(response, 403, Coral + "AccessDeniedException", "AccessDenied");
        Assert.Equal(
            $"User: {TestIdentity.Sender.Arn} is not authorized to perform: sqs:ListQueues because no identity-based policy allows the sqs:ListQueues action",
            message);
        var audit = await AuditAsync(fixture, response);
        Assert.Equal(("AccessDenied", TestIdentity.Sender.Arn), (audit.ErrorCode, audit.Principal));
    }

    [Fact]
    public async Task SendMessageBatch_IsAuthorizedAsSendMessage()
    {
        var name = GatewayFixture.QueueName();
        using var created = await client.QueryAsync($"Action=CreateQueue&QueueName={name}", TestIdentity.Admin);
        Assert.Equal(200, (int)created.StatusCode);
        using var response = await client.QueryAsync(
            $"Action=SendMessageBatch&QueueUrl=000000000000/{name}&SendMessageBatchRequestEntry.1.Id=a&SendMessageBatchRequestEntry.1.MessageBody=x",
            TestIdentity.Sender);
        Assert.Equal(200, (int)response.StatusCode);
        using var events = await fixture.Client().QueryAsync($"Action=GetQueueAttributes&QueueUrl=000000000000/{name}&AttributeName.1=ApproximateNumberOfMessages", TestIdentity.Admin);
        Assert.Contains("<Value>1</Value>", await events.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExplicitDeny_AccessDenied_QueueSurvives()
    {
        var name = GatewayFixture.QueueName();
        using var created = await client.QueryAsync($"Action=CreateQueue&QueueName={name}", TestIdentity.NoDelete);
        Assert.Equal(200, (int)created.StatusCode);
        using var response = await client.QueryAsync($"Action=DeleteQueue&QueueUrl=000000000000/{name}", TestIdentity.NoDelete);
        var message = await XmlErrorAsync(response, 403, "AccessDenied");
        Assert.Equal(
            $"User: {TestIdentity.NoDelete.Arn} is not authorized to perform: sqs:DeleteQueue on resource: arn:aws:sqs:us-east-1:000000000000:{name} with an explicit deny in an identity-based policy",
            message);
        Assert.Equal(1L, await fixture.Database.ScalarAsync<long>($"select count(*) from queues where name = '{name}' and deleted_at is null"));
    }

    private static async Task XmlOrJsonIncompleteAsync(HttpResponseMessage response) =>
        await JsonErrorAsync(response, 400, Coral + "IncompleteSignatureException", "IncompleteSignature");

    public void Dispose() => client.Dispose();
}
