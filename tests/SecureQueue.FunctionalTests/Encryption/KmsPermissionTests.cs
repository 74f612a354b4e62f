using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using SecureQueue.Crypto.Keys;
using SecureQueue.FunctionalTests.Infrastructure;
using SecureQueue.FunctionalTests.Protocol;

namespace SecureQueue.FunctionalTests.Encryption;

/// <summary>
/// Choosing or using a customer key family through KmsMasterKeyId is authorized like SQS does for customer-managed keys:
/// kms:GenerateDataKey to set it (and to send), kms:Decrypt to receive; the default key needs neither. Every kms decision
/// is in the call's audit record.
/// </summary>
public sealed class KmsPermissionTests : IAsyncLifetime
{
    private const string KeyArn = "arn:aws:kms:us-east-1:000000000000:alias/orders";
    private const string KmsAccessDenied = "com.amazonaws.sqs#KmsAccessDenied";

    /// <summary>Every SQS action, no KMS permission.</summary>
    private static readonly TestIdentity Keyless = new("keyless", "AKIASECQTESTKEYLESS1", "keylessSecretKey0123456789abcdefghijklm",
        """{"Version":"2012-10-17","Statement":[{"Sid":"All","Effect":"Allow","Action":"sqs:*","Resource":"*"}]}""");

    /// <summary>Every SQS action and kms:GenerateDataKey on the orders key, but not kms:Decrypt.</summary>
    private static readonly TestIdentity Producer = new("keyproducer", "AKIASECQTESTKEYPROD1", "keyproducerSecretKey0123456789abcdefgh",
        $$"""
        {"Version":"2012-10-17","Statement":[{"Sid":"All","Effect":"Allow","Action":"sqs:*","Resource":"*"},
         {"Sid":"UseOrdersKey","Effect":"Allow","Action":"kms:GenerateDataKey","Resource":"{{KeyArn}}"}]}
        """);

    private readonly GatewayWorkspace workspace = new();

    public async Task InitializeAsync()
    {
        await workspace.InitializeAsync();
        IdentityFiles.Add(workspace.Files, Keyless);
        IdentityFiles.Add(workspace.Files, Producer);

        var ordersKeyring = Path.Combine(workspace.Files.Directory, "orders-keyring.json");
        Keyring.FromMasterKey(MasterKey.FromBase64(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), "test"), DateTimeOffset.UtcNow, "alias-orders").WriteFile(ordersKeyring);
        await workspace.StartGatewayAsync(new Dictionary<string, string?>
        {
            ["SecureQueue:KmsKeys:0:Alias"] = "alias/orders",
            ["SecureQueue:KmsKeys:0:KeyringFile"] = ordersKeyring,
        });
    }

    public async Task DisposeAsync()
    {
        await workspace.DisposeAsync();
    }

    [Fact]
    public async Task CreateQueue_KmsKeyWithoutGenerateDataKey_KmsAccessDeniedAuditedNothingCreated()
    {
        var name = GatewayFixture.QueueName();
        using var response = await CreateAsync(name, "alias/orders", Keyless);

        var message = await WireAssertions.JsonErrorAsync(response, 400, KmsAccessDenied, "KMS.AccessDeniedException");
        Assert.Equal($"User: {Keyless.Arn} is not authorized to perform: kms:GenerateDataKey on resource: {KeyArn} because no identity-based policy allows the kms:GenerateDataKey action", message);
        var (decision, authorization) = await AuthorizationAsync(response);
        Assert.Equal("ImplicitDeny", decision);
        var key = Assert.Single(authorization["keys"]!.AsArray())!;
        Assert.Equal(("kms:GenerateDataKey", KeyArn, "ImplicitDeny"), (Text(key, "action"), Text(key, "resource"), Text(key, "decision")));
        Assert.Equal("KMS.AccessDeniedException", (await WireAssertions.AuditAsync(workspace.Database, response)).ErrorCode);
        Assert.Equal(0L, await workspace.Database.ScalarAsync<long>($"select count(*) from queues where name = '{name}'"));
    }

    [Fact]
    public async Task CreateQueue_KmsKeyWithGenerateDataKey_CreatedAndKeyDecisionAudited()
    {
        using var response = await CreateAsync(GatewayFixture.QueueName(), "alias/orders", Producer);

        Assert.Equal(200, (int)response.StatusCode);
        var (decision, authorization) = await AuthorizationAsync(response);
        Assert.Equal("Allowed", decision);
        var key = Assert.Single(authorization["keys"]!.AsArray())!;
        Assert.Equal(("kms:GenerateDataKey", KeyArn, "Allowed"), (Text(key, "action"), Text(key, "resource"), Text(key, "decision")));
        Assert.Equal(["keyproducer.json#UseOrdersKey"], key["matchedStatements"]!.AsArray().Select(s => s!.GetValue<string>()));
    }

    [Fact]
    public async Task CreateQueue_DefaultKey_NeedsNoKmsPermission()
    {
        using var response = await CreateAsync(GatewayFixture.QueueName(), "alias/aws/sqs", Keyless);

        Assert.Equal(200, (int)response.StatusCode);
    }

    [Fact]
    public async Task SetQueueAttributes_KmsKeyWithoutGenerateDataKey_KmsAccessDeniedAttributesUnchanged()
    {
        var name = GatewayFixture.QueueName();
        using var created = await CreateAsync(name, null, Keyless);
        var url = await UrlAsync(created);

        using var response = await workspace.Client.JsonAsync("SetQueueAttributes",
            JsonSerializer.Serialize(new { QueueUrl = url, Attributes = new Dictionary<string, string> { ["KmsMasterKeyId"] = KeyArn } }), Keyless);

        await WireAssertions.JsonErrorAsync(response, 400, KmsAccessDenied, "KMS.AccessDeniedException");
        Assert.Equal(0L, await workspace.Database.ScalarAsync<long>($"select count(*) from queues where name = '{name}' and attributes ? 'KmsMasterKeyId'"));
    }

    [Fact]
    public async Task ReceiveMessage_NonDefaultKeyWithoutDecrypt_KmsAccessDeniedMessageNotClaimed()
    {
        using var created = await CreateAsync(GatewayFixture.QueueName(), "alias/orders", Producer);
        var url = await UrlAsync(created);
        using var sent = await workspace.Client.JsonAsync("SendMessage", JsonSerializer.Serialize(new { QueueUrl = url, MessageBody = "for decrypters only" }), Producer);
        Assert.Equal(200, (int)sent.StatusCode);

        using var response = await workspace.Client.JsonAsync("ReceiveMessage", JsonSerializer.Serialize(new { QueueUrl = url }), Producer);

        await WireAssertions.JsonErrorAsync(response, 400, KmsAccessDenied, "KMS.AccessDeniedException");
        var (_, authorization) = await AuthorizationAsync(response);
        var key = Assert.Single(authorization["keys"]!.AsArray())!;
        Assert.Equal(("kms:Decrypt", KeyArn, "ImplicitDeny"), (Text(key, "action"), Text(key, "resource"), Text(key, "decision")));
        var (messages, _) = await EncryptionClient.ReceiveAsync(workspace.Client, url);
        var message = Assert.Single(messages);
        Assert.Equal("for decrypters only", message.GetProperty("Body").GetString());
        Assert.Equal("1", message.GetProperty("Attributes").GetProperty("ApproximateReceiveCount").GetString());
    }

    private Task<HttpResponseMessage> CreateAsync(string name, string? keyId, TestIdentity identity)
    {
        var attributes = keyId is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["KmsMasterKeyId"] = keyId };
        return workspace.Client.JsonAsync("CreateQueue", JsonSerializer.Serialize(new { QueueName = name, Attributes = attributes }), identity);
    }

    private static async Task<string> UrlAsync(HttpResponseMessage created)
    {
        Assert.Equal(200, (int)created.StatusCode);
        return JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("QueueUrl").GetString()!;
    }

    private async Task<(string Decision, JsonNode Authorization)> AuthorizationAsync(HttpResponseMessage response)
    {
        var row = Assert.Single(await workspace.Database.RowsAsync(
            $"select decision, data::text from events where request_id = '{WireAssertions.RequestId(response)}'"));
        return ((string)row[0]!, JsonNode.Parse((string)row[1]!)!["authorization"]!);
    }

    private static string? Text(JsonNode node, string name) => node[name]?.GetValue<string>();
}
