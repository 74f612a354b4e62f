using System.Net;
using System.Text;
using SecureQueue.Crypto.Keys;
using SecureQueue.FunctionalTests.Infrastructure;
using SecureQueue.FunctionalTests.Protocol;

namespace SecureQueue.FunctionalTests.Authentication;

/// <summary>
/// A credential revoked or a policy narrowed in the identities file takes effect without a restart, by the periodic
/// reload or at once on SIGHUP; each reload that changed something, or failed, is one event in the log.
/// </summary>
public sealed class IdentityReloadTests : IAsyncLifetime
{
    private const string Coral = "com.amazon.coral.service#";
    private const string AllowAll = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:*","Resource":"*"}]}""";
    private static readonly TestIdentity First = new("rotating", "AKIASECQTESTROTATE01", "rotatingSecretKey0123456789abcdefghijk", AllowAll);
    private static readonly TestIdentity Second = First with { AccessKeyId = "AKIASECQTESTROTATE02", SecretAccessKey = "rotatedSecretKey0123456789abcdefghijklm" };
    private readonly GatewayWorkspace workspace = new();
    private string original = string.Empty;

    public async Task InitializeAsync()
    {
        await workspace.InitializeAsync();
        IdentityFiles.Add(workspace.Files, First);
        original = File.ReadAllText(workspace.Files.IdentitiesFile);
    }

    public Task DisposeAsync() => workspace.DisposeAsync();

    [Fact]
    public async Task AccessKeyReplacedInFile_OldRefusedNewAccepted_ReloadAudited()
    {
        await workspace.StartGatewayAsync(new Dictionary<string, string?> { ["SecureQueue:AccessReloadSeconds"] = "1" });
        Assert.Equal(HttpStatusCode.OK, (await ListQueuesAsync(workspace.Client, First)).StatusCode);

        WriteIdentities(original.Replace(First.AccessKeyId, Second.AccessKeyId, StringComparison.Ordinal)
            .Replace(First.SecretAccessKey, Second.SecretAccessKey, StringComparison.Ordinal));
        await Eventually.HoldsAsync(async () => (await ListQueuesAsync(workspace.Client, First)).StatusCode == HttpStatusCode.Forbidden, "Identities not reloaded");

        await WireAssertions.JsonErrorAsync(await ListQueuesAsync(workspace.Client, First), 403, Coral + "InvalidClientTokenId", "InvalidClientTokenId");
        Assert.Equal(HttpStatusCode.OK, (await ListQueuesAsync(workspace.Client, Second)).StatusCode);
        var detail = await workspace.Database.ScalarAsync<string>(
            "select (data -> 'detail')::text from events where event_type = 'IdentitiesReloaded' and principal_arn = 'secq:system'");
        Assert.Contains($"\"changed\": [\"{First.Arn}\"]", detail, StringComparison.Ordinal);
        Assert.Contains($"\"credentialsAdded\": [\"accessKey:{Second.AccessKeyId}\"]", detail, StringComparison.Ordinal);
        Assert.Contains($"\"credentialsRemoved\": [\"accessKey:{First.AccessKeyId}\"]", detail, StringComparison.Ordinal);
        Assert.DoesNotContain(Second.SecretAccessKey, detail, StringComparison.Ordinal);

        using var lookup = await workspace.Client.CloudTrailAsync("LookupEvents",
            """{"LookupAttributes":[{"AttributeKey":"EventName","AttributeValue":"ReloadIdentities"}]}""", TestIdentity.Auditor);
        var trail = await lookup.Content.ReadAsStringAsync();
        Assert.True(lookup.IsSuccessStatusCode, trail);
        Assert.Contains("IdentitiesReloaded", trail, StringComparison.Ordinal);
        Assert.Contains("credentialsRemoved", trail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PolicyFileNarrowed_DeniedAfterReload()
    {
        await workspace.StartGatewayAsync(new Dictionary<string, string?> { ["SecureQueue:AccessReloadSeconds"] = "1" });
        Assert.Equal(HttpStatusCode.OK, (await ListQueuesAsync(workspace.Client, First)).StatusCode);

        File.WriteAllText(Path.Combine(workspace.Files.PoliciesDirectory, First.Name + ".json"),
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"*"}]}""");
        await Eventually.HoldsAsync(async () => (await ListQueuesAsync(workspace.Client, First)).StatusCode == HttpStatusCode.Forbidden, "Identities not reloaded");

        await WireAssertions.JsonErrorAsync(await ListQueuesAsync(workspace.Client, First), 403, Coral + "AccessDeniedException", "AccessDenied");
        Assert.Equal(1L, await workspace.Database.ScalarAsync<long>(
            $"select count(*) from events where event_type = 'IdentitiesReloaded' and data -> 'detail' -> 'changed' ? '{First.Arn}'"));
    }

    [Fact]
    public async Task BrokenFile_IdentitiesInForceStay_FailureAuditedOnce()
    {
        await workspace.StartGatewayAsync(new Dictionary<string, string?> { ["SecureQueue:AccessReloadSeconds"] = "1" });

        WriteIdentities(original.Replace(First.AccessKeyId, "short", StringComparison.Ordinal));
        await Eventually.HoldsAsync(async () => await FailuresAsync() > 0, "Identities not reloaded");
        await Task.Delay(TimeSpan.FromSeconds(3));

        Assert.Equal(1L, await FailuresAsync());
        var reason = await workspace.Database.ScalarAsync<string>("select data -> 'detail' ->> 'reason' from events where event_type = 'IdentitiesReloadFailed'");
        Assert.Contains("access key without an id or secret of at least 16 characters", reason, StringComparison.Ordinal);
        Assert.DoesNotContain(First.SecretAccessKey, reason, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await ListQueuesAsync(workspace.Client, First)).StatusCode);
        Assert.Equal(0L, await workspace.Database.ScalarAsync<long>("select count(*) from events where event_type = 'IdentitiesReloaded'"));
    }

    [Fact]
    public async Task SigHup_ReloadsAtOnce_ProcessKeepsServing()
    {
        using var gateway = await GatewayProcess.StartAsync(workspace.Files, workspace.Database.GatewayConnectionString, TestPorts.Next(),
            new Dictionary<string, string?> { ["SecureQueue__AccessReloadSeconds"] = "0" });
        using var client = new SignedClient(gateway.Endpoint, workspace.Files.CaFile);
        Assert.Equal(HttpStatusCode.OK, (await ListQueuesAsync(client, First)).StatusCode);

        WriteIdentities(original.Replace(First.AccessKeyId, Second.AccessKeyId, StringComparison.Ordinal));
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(HttpStatusCode.OK, (await ListQueuesAsync(client, First)).StatusCode);

        gateway.Signal("HUP");
        await Eventually.HoldsAsync(async () => (await ListQueuesAsync(client, First)).StatusCode == HttpStatusCode.Forbidden, "Identities not reloaded");
        Assert.Equal(HttpStatusCode.OK, (await ListQueuesAsync(client, First with { AccessKeyId = Second.AccessKeyId })).StatusCode);
    }

    [Fact]
    public async Task StartedWithSigHupIgnored_Warns_AndRefusesToRelyOnItAlone()
    {
        using (var gateway = await GatewayProcess.StartAsync(workspace.Files, workspace.Database.GatewayConnectionString, TestPorts.Next(), ignoreHangUp: true))
        {
            await Eventually.HoldsAsync(
                () => Task.FromResult(gateway.Output.Any(line => line.Contains("SIGHUP is ignored by this process", StringComparison.Ordinal))),
                "No warning that SIGHUP is ignored");
        }

        var (exitCode, error) = await GatewayProcess.RunIgnoringHangUpUntilRefusedAsync(workspace.Files, workspace.Database.GatewayConnectionString,
            new Dictionary<string, string?> { ["SecureQueue__AccessReloadSeconds"] = "0" }, $"--urls=https://127.0.0.1:{TestPorts.Next()}");
        Assert.Equal(2, exitCode);
        Assert.Contains("SecureQueue:AccessReloadSeconds is 0 (reload only on SIGHUP), but this process ignores SIGHUP", error, StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> ListQueuesAsync(SignedClient client, TestIdentity identity) => client.JsonAsync("ListQueues", "{}", identity);

    private Task<long> FailuresAsync() => workspace.Database.ScalarAsync<long>("select count(*) from events where event_type = 'IdentitiesReloadFailed'");

    private void WriteIdentities(string json) => SecretFile.WriteAtomically(workspace.Files.IdentitiesFile, Encoding.UTF8.GetBytes(json));
}
