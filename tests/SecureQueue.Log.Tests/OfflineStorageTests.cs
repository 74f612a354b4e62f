using SecureQueue.Log.Tests.Audit;
using SecureQueue.Log.Tests.Events;

namespace SecureQueue.Log.Tests;

/// <summary>
/// A tool's own audited changes (secq keys, secq policy replay) join the chain even when no gateway runs to seal them.
/// Its one sealing pass at dispose waits for no running transaction, so it runs alone (<see cref="SealerCollection"/>).
/// </summary>
[Collection(nameof(SealerCollection))]
public sealed class OfflineStorageTests : IAsyncLifetime
{
    private TestDatabase database = null!;

    public async Task InitializeAsync() => database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task DisposeAsync_AfterWriting_SealsTheToolsEvents()
    {
        await using (var storage = OfflineStorage.Open(database.GatewayConnectionString))
        {
            var writer = await storage.WriterAsync();
            for (var i = 0; i < 3; i++)
            {
                Assert.NotNull((await writer.AppendAsync(LogHarness.Envelope("RotateKeys"), LogHarness.Tested)).Sequence);
            }
        }

        Assert.Equal(3L, await database.ScalarAsync<long>("select count(*) from seals s join mt_events e using (seq_id)"));
        var report = await ChainCheck.VerifyAsync(database.ConnectionString);
        Assert.True(report.Intact, ChainCheck.Describe(report));
        Assert.Equal((3L, 0L), (report.LastPosition, report.Unsealed));
    }
}
