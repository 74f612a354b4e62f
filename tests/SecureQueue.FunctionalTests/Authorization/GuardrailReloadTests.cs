using System.Net;
using SecureQueue.FunctionalTests.Infrastructure;
using SecureQueue.FunctionalTests.Protocol;

namespace SecureQueue.FunctionalTests.Authorization;

/// <summary>An emergency deny dropped into the guardrails directory applies without a restart, and broken files keep what is in force.</summary>
public sealed class GuardrailReloadTests : IAsyncLifetime
{
    private const string DenyListing = """{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"sqs:ListQueues","Resource":"*"}]}""";
    private readonly GatewayWorkspace workspace = new();
    private string directory = string.Empty;

    public async Task InitializeAsync()
    {
        await workspace.InitializeAsync();
        directory = Path.Combine(workspace.Files.Directory, "guardrails");
        Directory.CreateDirectory(directory);
        await workspace.StartGatewayAsync(new Dictionary<string, string?>
        {
            ["SecureQueue:GuardrailsDirectory"] = directory,
            ["SecureQueue:AccessReloadSeconds"] = "1",
        });
    }

    public Task DisposeAsync() => workspace.DisposeAsync();

    [Fact]
    public async Task DenyAdded_AppliesWithoutRestart_BrokenFileKeepsIt_BothAudited()
    {
        Assert.Equal(HttpStatusCode.OK, (await ListQueuesAsync()).StatusCode);

        await File.WriteAllTextAsync(Path.Combine(directory, "freeze.json"), DenyListing);
        await Eventually.HoldsAsync(async () => (await ListQueuesAsync()).StatusCode == HttpStatusCode.Forbidden, "Guardrails not reloaded");
        await WireAssertions.JsonErrorAsync(await ListQueuesAsync(), 403, "com.amazon.coral.service#AccessDeniedException", "AccessDenied");
        Assert.Equal(1L, await workspace.Database.ScalarAsync<long>(
            "select count(*) from events where event_type = 'GuardrailsReloaded' and data -> 'detail' -> 'added' ? 'guardrails/freeze.json'"));

        await File.WriteAllTextAsync(Path.Combine(directory, "broken.json"), """{"Statement":""");
        await Eventually.HoldsAsync(async () => await workspace.Database.ScalarAsync<long>("select count(*) from events where event_type = 'GuardrailsReloadFailed'") > 0, "Guardrails not reloaded");
        await Task.Delay(TimeSpan.FromSeconds(2.5));

        Assert.Equal(1L, await workspace.Database.ScalarAsync<long>("select count(*) from events where event_type = 'GuardrailsReloadFailed'"));
        Assert.Contains("guardrail 'broken.json' is invalid", await workspace.Database.ScalarAsync<string>(
            "select data -> 'detail' ->> 'reason' from events where event_type = 'GuardrailsReloadFailed'"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await ListQueuesAsync()).StatusCode);

        File.Delete(Path.Combine(directory, "broken.json"));
        File.Delete(Path.Combine(directory, "freeze.json"));
        await Eventually.HoldsAsync(async () => (await ListQueuesAsync()).StatusCode == HttpStatusCode.OK, "Guardrails not reloaded");
        Assert.Equal(1L, await workspace.Database.ScalarAsync<long>(
            "select count(*) from events where event_type = 'GuardrailsReloaded' and data -> 'detail' -> 'removed' ? 'guardrails/freeze.json'"));
    }

    private Task<HttpResponseMessage> ListQueuesAsync() => workspace.Client.JsonAsync("ListQueues", "{}", TestIdentity.Admin);
}
