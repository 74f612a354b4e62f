using System.Diagnostics;
using System.Text.Json.Nodes;
using Npgsql;
using SecureQueue.FunctionalTests.Infrastructure;
using static SecureQueue.FunctionalTests.Encryption.EncryptionClient;

namespace SecureQueue.FunctionalTests.Encryption;

/// <summary>No plaintext in PostgreSQL; deleting or purging a queue shreds its data keys while the chain still verifies.</summary>
public sealed class EncryptionTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>, IDisposable
{
    private readonly SignedClient client = fixture.Client();

    [Fact]
    public async Task PgDump_HoldsNeitherBodyNorAttributeValue()
    {
        var (_, url) = await CreateQueueAsync(client);
        var bodyMarker = "BODY-MARKER-" + Guid.NewGuid().ToString("N");
        var attributeMarker = "ATTR-MARKER-" + Guid.NewGuid().ToString("N");
        await SendAsync(client, url, bodyMarker, new Dictionary<string, string> { ["note"] = attributeMarker });
        var (messages, _) = await ReceiveAsync(client, url, attributeNames: """[".*"]""");
        Assert.Equal(bodyMarker, Assert.Single(messages).GetProperty("Body").GetString());

        var dump = await PgDumpAsync();
        Assert.Contains("CREATE TABLE public.mt_events", dump, StringComparison.Ordinal);
        Assert.DoesNotContain(bodyMarker, dump, StringComparison.Ordinal);
        Assert.DoesNotContain(attributeMarker, dump, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteQueue_DestroysItsDataKeys_ChainStillVerifies()
    {
        var (name, url) = await CreateQueueAsync(client);
        var id = await SendAsync(client, url, "soon unreadable forever");
        var keyId = await fixture.Database.ScalarAsync<Guid>($"select key_id from queue_messages where message_id = '{id}'");
        Assert.Equal(1L, await fixture.Database.ScalarAsync<long>($"select count(*) from data_keys where key_id = '{keyId}' and wrapped is not null"));

        using var deleted = await client.JsonAsync("DeleteQueue", $$"""{"QueueUrl":"{{url}}"}""", TestIdentity.Admin);
        Assert.Equal(200, (int)deleted.StatusCode);

        Assert.Equal(1L, await fixture.Database.ScalarAsync<long>($"select count(*) from data_keys where key_id = '{keyId}' and wrapped is null and destroyed_at is not null"));
        var detail = JsonNode.Parse(await fixture.Database.ScalarAsync<string>(
            $"select data::text from events where request_id = '{Protocol.WireAssertions.RequestId(deleted)}'"))!["detail"]!;
        Assert.Contains(keyId.ToString(), detail["dataKeysRetired"]!.AsArray().Select(n => n!.GetValue<string>()));

        // The call retires the key; the purge sweeper destroys it once the queue's rows are gone, and says so in its event.
        Assert.Equal(1L, await fixture.Database.ScalarAsync<long>(
            $"select count(*) from events where event_type = 'MessagesPurged' and data -> 'detail' -> 'dataKeysDestroyed' ? '{keyId}'"));
        // The sealed message stays in the immutable log; with its key erased nothing can open it again.
        Assert.Equal(1L, await fixture.Database.ScalarAsync<long>(
            $"select count(*) from events where event_type = 'MessagesSent' and data -> 'detail' -> 'messages' @> '[{{\"id\":\"{id}\",\"keyId\":\"{keyId}\"}}]'"));
        await AssertChainAsync();
        Assert.Equal(0L, await fixture.Database.ScalarAsync<long>($"select count(*) from queues where name = '{name}' and deleted_at is null"));
    }

    [Fact]
    public async Task Purge_DestroysKeys_NextSendUsesANewKey()
    {
        var (_, url) = await CreateQueueAsync(client);
        var before = await SendAsync(client, url, "purged");
        var oldKey = await fixture.Database.ScalarAsync<Guid>($"select key_id from queue_messages where message_id = '{before}'");
        using var purged = await client.JsonAsync("PurgeQueue", $$"""{"QueueUrl":"{{url}}"}""", TestIdentity.Admin);
        Assert.Equal(200, (int)purged.StatusCode);
        Assert.Equal(1L, await fixture.Database.ScalarAsync<long>($"select count(*) from data_keys where key_id = '{oldKey}' and wrapped is null"));

        var after = await SendAsync(client, url, "after the purge");
        Assert.NotEqual(oldKey, await fixture.Database.ScalarAsync<Guid>($"select key_id from queue_messages where message_id = '{after}'"));
        Assert.Equal("after the purge", Assert.Single((await ReceiveAsync(client, url)).Messages).GetProperty("Body").GetString());
    }

    private async Task<string> PgDumpAsync()
    {
        var builder = new NpgsqlConnectionStringBuilder(fixture.Database.ConnectionString);
        var start = new ProcessStartInfo("/usr/lib/postgresql/15/bin/pg_dump") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-h", builder.Host!, "-p", builder.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", builder.Username!, "-d", builder.Database! })
        {
            start.ArgumentList.Add(argument);
        }

        if (builder.Password is { } password)
        {
            start.Environment["PGPASSWORD"] = password;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await error);
        return await output;
    }

    private async Task AssertChainAsync()
    {
        await fixture.Database.WaitSealedAsync();
        var report = await ChainCheck.VerifyAsync(fixture.Database.ConnectionString, fixture.Files.CheckpointFile, fixture.Files.CheckpointPublicKey);
        Assert.True(report.Intact, ChainCheck.Describe(report));
    }

    public void Dispose() => client.Dispose();
}
