using System.Text;
using SecureQueue.Crypto.Envelopes;
using SecureQueue.Crypto.Keys;
using SecureQueue.Log.Events;

namespace SecureQueue.Gateway.Tests.Keys;

/// <summary>Resolving the keys of received messages (a cache of unwrapped keys, a keyring reloaded on demand) and signing keys.</summary>
public sealed partial class KeyServiceTests
{
    private const string QueueArn = "arn:aws:sqs:us-east-1:000000000000:signed";

    [Fact]
    public async Task ResolveAsync_StoredKey_OpensWhatItsKeySealed()
    {
        var queue = await CreateQueueAsync();
        var lease = await LeaseElsewhereAsync(queue);
        var sealedBytes = Envelope.Seal(lease.Key, "body"u8, "aad"u8);

        var key = (await ResolveAsync(lease.Key.KeyId))[lease.Key.KeyId];

        Assert.Equal("body", Encoding.UTF8.GetString(Envelope.Open(key!, sealedBytes, "aad"u8)));
    }

    [Fact]
    public async Task ResolveAsync_UnknownKeyId_LeavesItOut()
    {
        var resolved = await ResolveAsync(Guid.NewGuid());

        Assert.Empty(resolved);
    }

    [Fact]
    public async Task ResolveAsync_DestroyedKey_MapsToNull()
    {
        var queue = await CreateQueueAsync();
        var keyId = (await LeaseElsewhereAsync(queue)).Key.KeyId;
        await DestroyKeysAsync(queue);

        var resolved = await ResolveAsync(keyId);

        Assert.Null(Assert.Contains(keyId, resolved));
    }

    [Fact]
    public async Task ResolveAsync_WrappedKeyAlteredInTheDatabase_MapsToNull()
    {
        var queue = await CreateQueueAsync();
        var keyId = (await LeaseElsewhereAsync(queue)).Key.KeyId;
        await AlterWrappedKeyAsync(keyId);

        var resolved = await ResolveAsync(keyId);

        Assert.Null(Assert.Contains(keyId, resolved));
    }

    [Fact]
    public async Task ResolveAsync_KeyCached_AnswersFromMemory()
    {
        var queue = await CreateQueueAsync();
        var lease = (await keys.LeaseAsync(queue, ReusePeriodSeconds))!;
        await DestroyKeysAsync(queue);

        var resolved = await ResolveAsync(lease.Key.KeyId);

        Assert.Same(lease.Key, resolved[lease.Key.KeyId]);
    }

    [Fact]
    public async Task ResolveAsync_CacheLifetimePassed_ReadsTheDatabase()
    {
        var queue = await CreateQueueAsync();
        var lease = (await keys.LeaseAsync(queue, ReusePeriodSeconds))!;
        await DestroyKeysAsync(queue);

        clock.Now += TimeSpan.FromMinutes(5);
        var resolved = await ResolveAsync(lease.Key.KeyId);

        Assert.Null(resolved[lease.Key.KeyId]);
    }

    [Fact]
    public async Task Forget_CachedKey_ResolveReadsTheDatabase()
    {
        var queue = await CreateQueueAsync();
        var lease = (await keys.LeaseAsync(queue, ReusePeriodSeconds))!;

        keys.Forget(await DestroyKeysAsync(queue));

        Assert.Null((await ResolveAsync(lease.Key.KeyId))[lease.Key.KeyId]);
    }

    [Fact]
    public async Task ResolveAsync_KekVersionAddedToTheKeyringFile_ReloadsAndUnwraps()
    {
        var queue = await CreateQueueAsync();
        RotateKeyringFile();
        var lease = await LeaseElsewhereAsync(queue);

        var key = (await ResolveAsync(lease.Key.KeyId))[lease.Key.KeyId];

        Assert.Equal((2, lease.Key.KeyId), (keys.Families.Default.CurrentVersion, key!.KeyId));
    }

    [Fact]
    public async Task ResolveAsync_KekVersionNotInTheKeyringFile_MapsToNull()
    {
        var queue = await CreateQueueAsync();
        // A replica's keyring has a version this gateway's file never gained (a file not copied, or a version pruned there).
        var keyId = (await LeaseElsewhereAsync(queue, new KeyFamilies(Keyring.FromFile(KeyringFile).Rotate(clock)))).Key.KeyId;

        var resolved = await ResolveAsync(keyId);

        Assert.Null(Assert.Contains(keyId, resolved));
    }

    [Fact]
    public void SigningKey_KeyringReloadedUnchanged_IsTheSameKey()
    {
        var before = keys.SigningKey(QueueArn);

        Assert.True(source.Reload());

        Assert.Same(before, keys.SigningKey(QueueArn));
    }

    [Fact]
    public void SigningKey_CurrentKekVersionRotated_IsANewKey()
    {
        var before = keys.SigningKey(QueueArn);
        RotateKeyringFile();

        Assert.True(source.Reload());

        var after = keys.SigningKey(QueueArn);
        Assert.Equal((1, 2), (before.KekVersion, after.KekVersion));
        Assert.NotEqual(before.ExportKey(), after.ExportKey());
    }

    /// <summary>The keys of received messages, resolved in a writer transaction as a receive does.</summary>
    private Task<IReadOnlyDictionary<Guid, DataKey?>> ResolveAsync(params Guid[] keyIds) =>
        RunAsync(EventTypes.MessagesReceived, tx => keys.ResolveAsync(tx, keyIds));
}
