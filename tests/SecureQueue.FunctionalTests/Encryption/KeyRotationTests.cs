using System.Collections.Concurrent;
using System.Security.Cryptography;
using SecureQueue.Cli.Commands;
using SecureQueue.Crypto.Keys;
using SecureQueue.FunctionalTests.Infrastructure;
using static SecureQueue.FunctionalTests.Encryption.EncryptionClient;

namespace SecureQueue.FunctionalTests.Encryption;

/// <summary>
/// KEK rotation while two gateways serve traffic: every data key is re-wrapped under the new version, message
/// ciphertext is untouched, and no receive fails — a gateway that meets a version it has not loaded reloads the keyring.
/// </summary>
public sealed class KeyRotationTests : IAsyncLifetime
{
    private readonly GatewayWorkspace workspace = new();
    private string keyringFile = null!;

    public async Task InitializeAsync()
    {
        await workspace.InitializeAsync();
        keyringFile = Path.Combine(workspace.Files.Directory, "keyring.json");
        Keyring.FromMasterKey(MasterKey.FromFile(workspace.Files.MasterKeyFile), DateTimeOffset.UtcNow).WriteFile(keyringFile);
    }

    public Task DisposeAsync() => workspace.DisposeAsync();

    [Fact]
    public async Task RotateUnderLoad_NoFailedReceive_AllKeysRewrapped()
    {
        await using var sender = await StartAsync();
        await using var reader = await StartAsync();
        using var producer = new SignedClient(sender.Endpoint, workspace.Files.CaFile);
        using var consumer = new SignedClient(reader.Endpoint, workspace.Files.CaFile);
        var (_, url) = await CreateQueueAsync(producer, "rot");
        var sent = new ConcurrentBag<string>();
        for (var i = 0; i < 20; i++)
        {
            sent.Add(await SendAsync(producer, url, $"before rotation {i}"));
        }

        using var stop = new CancellationTokenSource();
        var during = 0;
        var load = Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                sent.Add(await SendAsync(producer, url, $"during rotation {i}"));
                Interlocked.Increment(ref during);
            }
        });

        // Sends are answered before the rotation starts and go on after it has ended: the load spans it.
        await UntilAsync(() => Volatile.Read(ref during) >= 5, load);
        using var output = new StringWriter();
        using var error = new StringWriter();
        Assert.Equal(0, await KeysCommand.RunAsync(["rotate", "--keyring-file", keyringFile, "--connection", workspace.Database.GatewayConnectionString], output, error));
        Assert.Contains("re-wrapped", output.ToString(), StringComparison.Ordinal);
        var atRotated = Volatile.Read(ref during);
        await UntilAsync(() => Volatile.Read(ref during) >= atRotated + 5, load);
        await stop.CancelAsync();
        await load;

        // The reading gateway never unwrapped this queue's key before: it meets version 2 and must reload.
        var received = new HashSet<string>();
        while (true)
        {
            var (messages, _) = await ReceiveAsync(consumer, url);
            if (messages.Count == 0)
            {
                break;
            }

            received.UnionWith(messages.Select(m => m.GetProperty("MessageId").GetString()!));
        }

        Assert.Equal(sent.Order(), received.Order());
        Assert.Equal(0L, await workspace.Database.ScalarAsync<long>("select count(*) from events where data -> 'detail' ? 'unreadable'"));
        Assert.Equal(0L, await workspace.Database.ScalarAsync<long>("select count(*) from data_keys where destroyed_at is null and kek_version <> 2"));
        Assert.Equal(1L, await workspace.Database.ScalarAsync<long>("select count(*) from events where event_type = 'DataKeysRewrapped'"));
        Assert.Equal(2, Keyring.FromFile(keyringFile).CurrentVersion);

        using var status = new StringWriter();
        Assert.Equal(0, await KeysCommand.RunAsync(["status", "--keyring-file", keyringFile, "--connection", workspace.Database.GatewayConnectionString], status, error));
        Assert.Contains("v1  created", status.ToString(), StringComparison.Ordinal);
        Assert.Contains("v2 (current)", status.ToString(), StringComparison.Ordinal);
        Assert.Contains("wraps 0 live data keys", status.ToString(), StringComparison.Ordinal);

        // v1 now wraps nothing: prune drops it, and the messages sent since still open.
        using var pruned = new StringWriter();
        Assert.Equal(0, await KeysCommand.RunAsync(["prune", "--keyring-file", keyringFile, "--connection", workspace.Database.GatewayConnectionString], pruned, error));
        Assert.Equal([2], Keyring.FromFile(keyringFile).Versions.Select(v => v.Version));
        var after = await SendAsync(producer, url, "after pruning");
        Assert.Equal(after, Assert.Single((await ReceiveAsync(consumer, url)).Messages).GetProperty("MessageId").GetString());
    }

    [Fact]
    public async Task WrongKek_StartupRefusedBeforeAnyWrite()
    {
        await using (var gateway = await StartAsync())
        {
            using var client = new SignedClient(gateway.Endpoint, workspace.Files.CaFile);
            var (_, url) = await CreateQueueAsync(client, "kek");
            await SendAsync(client, url, "sealed under the right key");
        }

        var events = await workspace.Database.ScalarAsync<long>("select count(*) from mt_events");
        Keyring.FromMasterKey(MasterKey.FromBase64(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), "test"), DateTimeOffset.UtcNow).WriteFile(keyringFile);
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(StartAsync);
        Assert.Contains("key-encryption key does not open the stored data keys", failure.Message, StringComparison.Ordinal);
        Assert.Equal(events, await workspace.Database.ScalarAsync<long>("select count(*) from mt_events"));
    }

    [Fact]
    public async Task KmsAlias_QueueKeysWrappedByThatKeyring_SseFlagFollows()
    {
        var ordersKeyring = Path.Combine(workspace.Files.Directory, "orders-keyring.json");
        Keyring.FromMasterKey(MasterKey.FromBase64(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), "test"), DateTimeOffset.UtcNow, "alias-orders").WriteFile(ordersKeyring);
        await using var gateway = await StartAsync(new Dictionary<string, string?>
        {
            ["SecureQueue:KmsKeys:0:Alias"] = "alias/orders",
            ["SecureQueue:KmsKeys:0:KeyringFile"] = ordersKeyring,
        });
        using var client = new SignedClient(gateway.Endpoint, workspace.Files.CaFile);
        var name = GatewayFixture.QueueName("kms");
        using var created = await client.JsonAsync("CreateQueue",
            System.Text.Json.JsonSerializer.Serialize(new { QueueName = name, Attributes = new Dictionary<string, string> { ["KmsMasterKeyId"] = "alias/orders" } }), TestIdentity.Admin);
        Assert.Equal(200, (int)created.StatusCode);
        var url = System.Text.Json.JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("QueueUrl").GetString()!;
        await SendAsync(client, url, "under the orders key");
        Assert.Equal("alias-orders", await workspace.Database.ScalarAsync<string>(
            $"select k.keyring from data_keys k join queues q using (queue_id) where q.name = '{name}'"));

        using var attributes = await client.JsonAsync("GetQueueAttributes", $$"""{"QueueUrl":"{{url}}","AttributeNames":["All"]}""", TestIdentity.Admin);
        var all = System.Text.Json.JsonDocument.Parse(await attributes.Content.ReadAsStringAsync()).RootElement.GetProperty("Attributes");
        Assert.Equal("alias/orders", all.GetProperty("KmsMasterKeyId").GetString());
        Assert.Equal("false", all.GetProperty("SqsManagedSseEnabled").GetString());
        Assert.Equal("under the orders key", Assert.Single((await ReceiveAsync(client, url)).Messages).GetProperty("Body").GetString());
    }

    private static async Task UntilAsync(Func<bool> condition, Task load)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.False(load.IsFaulted, load.Exception?.ToString());
            Assert.True(DateTime.UtcNow < deadline, "The load made too few sends.");
            await Task.Delay(20);
        }
    }

    private Task<GatewayInstance> StartAsync() => StartAsync(null);

    private Task<GatewayInstance> StartAsync(IReadOnlyDictionary<string, string?>? extra)
    {
        var settings = new Dictionary<string, string?> { ["SecureQueue:KeyringFile"] = keyringFile };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return GatewayInstance.StartAsync(workspace.Files, workspace.Database.GatewayConnectionString, settings: settings);
    }
}
