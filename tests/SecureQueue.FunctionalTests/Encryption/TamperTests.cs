using SecureQueue.FunctionalTests.Infrastructure;
using static SecureQueue.FunctionalTests.Encryption.EncryptionClient;

namespace SecureQueue.FunctionalTests.Encryption;

/// <summary>
/// A database attacker changes envelopes in the log: the changed message is never delivered (nor any altered
/// plaintext), it is reported in the receive's audit event, and the other messages still flow. Own database:
/// these edits break the hash chain on purpose.
/// </summary>
public sealed class TamperTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>, IDisposable
{
    private readonly SignedClient client = fixture.Client();

    [Theory]
    [InlineData("version", 0)]
    [InlineData("key id", 5)]
    [InlineData("nonce", 20)]
    [InlineData("commitment", 40)]
    [InlineData("ciphertext", 90)]
    [InlineData("tag", -1)]
    public async Task TamperedEnvelope_ThatMessageWithheldAndReported_OthersDelivered(string part, int offset)
    {
        var (_, url) = await CreateQueueAsync(client);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await SendAsync(client, url, $"message {i} of the tamper test ({part}) " + new string('x', 40)));
        }

        await LogEdits.EditSealedAsync(fixture.Database, ids[1], sealedBytes =>
        {
            var at = offset < 0 ? sealedBytes.Length + offset : offset;
            sealedBytes[at] ^= 0x01;
            return sealedBytes;
        });

        var (messages, requestId) = await ReceiveAsync(client, url);
        Assert.Equal(new[] { ids[0], ids[2] }.Order(), messages.Select(m => m.GetProperty("MessageId").GetString()!).Order());
        var detail = await LogEdits.ReceiveDetailAsync(fixture.Database, requestId);
        Assert.Equal([ids[1]], detail["unreadable"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Fact]
    public async Task CiphertextMovedToAnotherMessage_FailsToOpen()
    {
        var (_, url) = await CreateQueueAsync(client);
        var first = await SendAsync(client, url, "the first message");
        var second = await SendAsync(client, url, "the second message");
        var firstSealed = await LogEdits.SealedAsync(fixture.Database, first);
        await LogEdits.EditSealedAsync(fixture.Database, second, _ => firstSealed);

        var (messages, requestId) = await ReceiveAsync(client, url);
        Assert.Equal(first, Assert.Single(messages).GetProperty("MessageId").GetString());
        Assert.Equal([second], (await LogEdits.ReceiveDetailAsync(fixture.Database, requestId))["unreadable"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    public void Dispose() => client.Dispose();
}
