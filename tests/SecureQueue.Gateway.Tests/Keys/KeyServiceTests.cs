using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SecureQueue.Crypto.Envelopes;
using SecureQueue.Crypto.Keys;
using SecureQueue.Crypto.Signatures;
using SecureQueue.Gateway.Keys;
using SecureQueue.Gateway.Tests.Authentication.SigV4;
using SecureQueue.Log;
using SecureQueue.Log.Audit;
using SecureQueue.Log.Events;
using SecureQueue.Log.Queues;

namespace SecureQueue.Gateway.Tests.Keys;

/// <summary>
/// Data-key leases per queue and reuse period, on a real database through a real log writer. Each test has its own clock
/// (the writer stamps keys with it, the service measures the reuse period by it) and its own keyring file; a second
/// gateway's services on the same database and file stand for another replica.
/// </summary>
public sealed partial class KeyServiceTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private const int ReusePeriodSeconds = 300;
    private static readonly TimeSpan ReusePeriod = TimeSpan.FromSeconds(ReusePeriodSeconds);

    // A whole second: what PostgreSQL stores (to the microsecond) is then the very time the writer stamped.
    private readonly FakeTimeProvider clock = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
    private readonly DirectoryInfo files = Directory.CreateTempSubdirectory("secq-keys-");
    private readonly List<ServiceProvider> gateways = [];
    private LogWriter writer = null!;
    private KeySource source = null!;
    private KeyService keys = null!;

    private string KeyringFile => Path.Combine(files.FullName, "keyring.json");

    [Fact]
    public async Task LeaseAsync_WithinReusePeriod_ReusesTheLeaseAndItsOneKey()
    {
        var queue = await CreateQueueAsync();
        var first = await keys.LeaseAsync(queue, ReusePeriodSeconds);

        clock.Now += ReusePeriod - TimeSpan.FromSeconds(1);
        var second = await keys.LeaseAsync(queue, ReusePeriodSeconds);

        Assert.Same(first, second);
        Assert.Equal(1L, await KeyCountAsync(queue));
    }

    [Fact]
    public async Task LeaseAsync_ReusePeriodPassed_MakesANewKey()
    {
        var queue = await CreateQueueAsync();
        var first = await keys.LeaseAsync(queue, ReusePeriodSeconds);

        clock.Now += ReusePeriod + TimeSpan.FromSeconds(1);
        var second = await keys.LeaseAsync(queue, ReusePeriodSeconds);

        Assert.NotEqual(first!.Key.KeyId, second!.Key.KeyId);
        Assert.Equal(2L, await KeyCountAsync(queue));
    }

    [Fact]
    public async Task LeaseAsync_ReusePeriodEndsThisInstant_MakesANewKey()
    {
        var queue = await CreateQueueAsync();
        var first = await keys.LeaseAsync(queue, ReusePeriodSeconds);

        // The stored key and the lease must agree on the period's last instant, or the lease would re-read its own key forever.
        clock.Now = first!.CreatedAt + ReusePeriod;
        var second = await keys.LeaseAsync(queue, ReusePeriodSeconds).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.NotEqual(first.Key.KeyId, second!.Key.KeyId);
        Assert.Equal(2L, await KeyCountAsync(queue));
    }

    [Fact]
    public async Task LeaseAsync_AnotherReplicaMadeTheCurrentKey_UsesIt()
    {
        var queue = await CreateQueueAsync();
        await keys.LeaseAsync(queue, ReusePeriodSeconds);
        clock.Now += ReusePeriod + TimeSpan.FromSeconds(1);
        var made = await LeaseElsewhereAsync(queue);

        var lease = await keys.LeaseAsync(queue, ReusePeriodSeconds);

        Assert.Equal(made.Key.KeyId, lease!.Key.KeyId);
        Assert.Equal(2L, await KeyCountAsync(queue));
    }

    [Fact]
    public async Task LeaseAsync_CurrentKeyAlteredInTheDatabase_MakesANewKeyThatOpens()
    {
        var queue = await CreateQueueAsync();
        var altered = (await LeaseElsewhereAsync(queue)).Key.KeyId;
        await AlterWrappedKeyAsync(altered);
        clock.Now += TimeSpan.FromSeconds(1);

        var lease = await keys.LeaseAsync(queue, ReusePeriodSeconds);

        Assert.NotEqual(altered, lease!.Key.KeyId);
        Assert.Equal(2L, await KeyCountAsync(queue));
        // Another replica reads the new key from the database and opens what this one sealed.
        var elsewhere = await LeaseElsewhereAsync(queue);
        Assert.Equal(lease.Key.KeyId, elsewhere.Key.KeyId);
        Assert.Equal("body"u8.ToArray(), Envelope.Open(elsewhere.Key, Envelope.Seal(lease.Key, "body"u8, "aad"u8), "aad"u8));
    }

    [Fact]
    public async Task LeaseAsync_ConcurrentColdLeases_ShareOneKey()
    {
        var queue = await CreateQueueAsync();

        var leases = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => keys.LeaseAsync(queue, ReusePeriodSeconds))));

        Assert.Single(leases.Select(l => l!.Key.KeyId).Distinct());
        Assert.Equal(1L, await KeyCountAsync(queue));
    }

    [Fact]
    public async Task LeaseAsync_QueueDeleted_ReturnsNullAndStoresNoKey()
    {
        var queue = await CreateQueueAsync();
        await RunAsync(EventTypes.QueueDeleted, async tx =>
        {
            await tx.Queues.DeleteAsync(queue.QueueId, tx.Now);
            return true;
        });

        Assert.Null(await keys.LeaseAsync(queue, ReusePeriodSeconds));
        Assert.Equal(0L, await KeyCountAsync(queue));
    }

    [Fact]
    public async Task Release_CurrentLease_NextLeaseAcquiresAnew()
    {
        var queue = await CreateQueueAsync();
        var first = await keys.LeaseAsync(queue, ReusePeriodSeconds);
        await RetireKeysAsync(queue);

        keys.Release(first!);

        var second = await keys.LeaseAsync(queue, ReusePeriodSeconds);
        Assert.NotEqual(first!.Key.KeyId, second!.Key.KeyId);
    }

    [Fact]
    public async Task Release_EarlierLease_KeepsTheCurrentOne()
    {
        var queue = await CreateQueueAsync();
        var earlier = await keys.LeaseAsync(queue, ReusePeriodSeconds);
        clock.Now += ReusePeriod + TimeSpan.FromSeconds(1);
        var current = await keys.LeaseAsync(queue, ReusePeriodSeconds);
        await RetireKeysAsync(queue);

        keys.Release(earlier!);

        Assert.Same(current, await keys.LeaseAsync(queue, ReusePeriodSeconds));
    }

    [Fact]
    public async Task Forget_LeasedKey_NextLeaseAcquiresAnew()
    {
        var queue = await CreateQueueAsync();
        var first = await keys.LeaseAsync(queue, ReusePeriodSeconds);

        keys.Forget(await RetireKeysAsync(queue));

        var second = await keys.LeaseAsync(queue, ReusePeriodSeconds);
        Assert.NotEqual(first!.Key.KeyId, second!.Key.KeyId);
    }

    [Fact]
    public async Task Forget_AnotherKey_KeepsTheLease()
    {
        var queue = await CreateQueueAsync();
        var first = await keys.LeaseAsync(queue, ReusePeriodSeconds);

        keys.Forget([Guid.NewGuid()]);

        Assert.Same(first, await keys.LeaseAsync(queue, ReusePeriodSeconds));
    }

    public async Task InitializeAsync()
    {
        var masterKey = MasterKey.FromBase64(Convert.ToBase64String(RandomNumberGenerator.GetBytes(MasterKey.Size)), "test");
        Keyring.FromMasterKey(masterKey, clock.Now).WriteFile(KeyringFile);
        var gateway = await StartGatewayAsync(LoadKeyring());
        (source, keys, writer) = (gateway.GetRequiredService<KeySource>(), gateway.GetRequiredService<KeyService>(), gateway.GetRequiredService<LogWriter>());
    }

    public async Task DisposeAsync()
    {
        foreach (var gateway in gateways)
        {
            await gateway.GetRequiredService<LogWriter>().StopAsync(CancellationToken.None);
            await gateway.DisposeAsync();
        }

        files.Delete(recursive: true);
    }

    /// <summary>The lease another replica takes: a gateway of its own on the same database, with <paramref name="keyring"/> or the keyring file as it is now.</summary>
    private async Task<DataKeyLease> LeaseElsewhereAsync(QueueRecord queue, KeyFamilies? keyring = null)
    {
        var elsewhere = (await StartGatewayAsync(keyring ?? LoadKeyring())).GetRequiredService<KeyService>();
        return (await elsewhere.LeaseAsync(queue, ReusePeriodSeconds))!;
    }

    /// <summary>
    /// What a gateway's keys rest on, registered as the gateway registers it but on this test's clock, with its log writer
    /// started: a key service whose key source starts with <paramref name="initial"/> and reloads the keyring file.
    /// </summary>
    private async Task<ServiceProvider> StartGatewayAsync(KeyFamilies initial)
    {
        var services = new ServiceCollection().AddLogging().AddSingleton<TimeProvider>(clock);
        // The log registers checkpoints with it; they are never started here.
        var checkpoints = new CheckpointSettings(CheckpointSigningKey.Generate(), Path.Combine(files.FullName, "checkpoints"), CheckpointSettings.DefaultInterval);
        services.AddSecureQueueLog(database.Database.GatewayConnectionString, allowOwnerRole: false, checkpoints);
        services.AddSingleton(sp => new KeySource(initial, LoadKeyring, clock, sp.GetRequiredService<ILogger<KeySource>>()));
        services.AddSingleton<KeyService>();
        var gateway = services.BuildServiceProvider();
        gateways.Add(gateway);
        await gateway.GetRequiredService<LogWriter>().StartAsync(CancellationToken.None);
        return gateway;
    }

    /// <summary>One bit of a stored wrapped key flipped, as someone with write access to the database could.</summary>
    private Task AlterWrappedKeyAsync(Guid keyId) => TestDatabase.ExecuteAsync(
        database.Database.ConnectionString,
        $"update data_keys set wrapped = set_byte(wrapped, length(wrapped) - 1, get_byte(wrapped, length(wrapped) - 1) # 1) where key_id = '{keyId}'");

    private KeyFamilies LoadKeyring() => new(Keyring.FromFile(KeyringFile));

    /// <summary>What <c>secq keys rotate</c> does: a new current version written to the keyring file.</summary>
    private void RotateKeyringFile() => Keyring.FromFile(KeyringFile).Rotate(clock).WriteFile(KeyringFile);

    private async Task<QueueRecord> CreateQueueAsync()
    {
        var key = new QueueKey("000000000000", "us-east-1", "keys-" + Guid.NewGuid().ToString("N")[..12]);
        return await RunAsync(EventTypes.QueueCreated, tx => tx.Queues.InsertAsync(key, new Dictionary<string, string>(), new Dictionary<string, string>(), tx.Now));
    }

    /// <summary>What a purge elsewhere does to the queue's keys: no new message is sealed under them; this replica is not told.</summary>
    private Task<IReadOnlyList<Guid>> RetireKeysAsync(QueueRecord queue) => RunAsync(EventTypes.QueuePurged, tx => tx.DataKeys.RetireAsync(queue.QueueId, tx.Now));

    /// <summary>Crypto-shredding elsewhere: the queue's keys no message was sealed with are erased.</summary>
    private Task<IReadOnlyList<Guid>> DestroyKeysAsync(QueueRecord queue) => RunAsync(EventTypes.MessagesPurged, tx => tx.DataKeys.DestroyUnusedAsync(queue.QueueId, tx.Now));

    private Task<long> KeyCountAsync(QueueRecord queue) => database.Database.ScalarAsync<long>($"select count(*) from data_keys where queue_id = {queue.QueueId}");

    /// <summary>Runs <paramref name="work"/> as a call of its own through the writer, recorded as <paramref name="eventType"/>.</summary>
    private async Task<T> RunAsync<T>(EventType eventType, Func<LogTransaction, Task<T>> work)
    {
        var envelope = new AuditEnvelope(Guid.NewGuid(), "Test", "arn:aws:iam::000000000000:user/test", "AKIATEST", "127.0.0.1", "tests", null, "TLSv1.3", null);
        var outcome = await writer.ExecuteAsync(envelope, async tx => new Logged<T>(await work(tx), eventType));
        return outcome.Result;
    }
}
