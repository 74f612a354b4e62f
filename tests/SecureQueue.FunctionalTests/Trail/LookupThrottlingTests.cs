using SecureQueue.FunctionalTests.Infrastructure;
using SecureQueue.FunctionalTests.Protocol;
using SecureQueue.Trail.Lookup;
using static SecureQueue.FunctionalTests.Trail.TrailClient;

namespace SecureQueue.FunctionalTests.Trail;

/// <summary>
/// LookupEvents' rate per caller (<see cref="LookupRateLimit.Setting"/>, CloudTrail's 2 a second unless set): over it a
/// lookup is ThrottlingException, audited; another caller keeps its own rate; the next second allows again; a rate that
/// is not a whole number of at least 1 stops start-up. (Other tests' gateways allow 1,000 a second: they look up as fast
/// as they can.)
/// </summary>
public sealed class LookupThrottlingTests : IAsyncLifetime
{
    // A second auditor, with a rate of its own.
    private static readonly TestIdentity OtherAuditor = TestIdentity.Auditor with { Name = "auditor-2", AccessKeyId = "AKIASECQTESTAUDITOR2" };

    private readonly GatewayWorkspace workspace = new();

    public async Task InitializeAsync()
    {
        await workspace.InitializeAsync();
        IdentityFiles.Add(workspace.Files, OtherAuditor);
    }

    public Task DisposeAsync() => workspace.DisposeAsync();

    [Fact]
    public async Task LookupsOverTheRate_ThrottledAndAudited_PerCaller_AllowedAgainTheNextSecond()
    {
        await using var gateway = await GatewayInstance.StartAsync(
            workspace.Files, workspace.Database.GatewayConnectionString, settings: new Dictionary<string, string?> { [LookupRateLimit.Setting] = null }); // unset: the default
        using var client = new SignedClient(gateway.Endpoint, workspace.Files.CaFile);

        // Five at once: the bucket holds two, and refills at most once (by two) while they run.
        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 5; i++)
        {
            responses.Add(await client.CloudTrailAsync("LookupEvents", "{}", TestIdentity.Auditor));
        }

        var allowed = responses.Count(r => r.IsSuccessStatusCode);
        Assert.InRange(allowed, 2, 4);
        Assert.True(responses[0].IsSuccessStatusCode && responses[1].IsSuccessStatusCode, "the first two of a second are allowed");
        foreach (var throttled in responses.Where(r => !r.IsSuccessStatusCode))
        {
            await ErrorAsync(throttled, 400, "ThrottlingException");
            var audit = await WireAssertions.AuditAsync(workspace.Database, throttled);
            Assert.Equal(("LookupEvents", TestIdentity.Auditor.Arn, "ThrottlingException"), (audit.Action, audit.Principal, audit.ErrorCode));
        }

        using var other = await client.CloudTrailAsync("LookupEvents", "{}", OtherAuditor);
        Assert.Equal(200, (int)other.StatusCode);

        await Task.Delay(TimeSpan.FromSeconds(1.2));
        using var later = await client.CloudTrailAsync("LookupEvents", "{}", TestIdentity.Auditor);
        Assert.Equal(200, (int)later.StatusCode);
        responses.ForEach(r => r.Dispose());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("two")]
    public async Task RateNotAWholeNumberOfAtLeastOne_StartupRefusedNamingTheSetting(string value)
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => GatewayInstance.StartAsync(
            workspace.Files, workspace.Database.GatewayConnectionString, settings: new Dictionary<string, string?> { [LookupRateLimit.Setting] = value }));
        Assert.Contains(LookupRateLimit.Setting, error.Message, StringComparison.Ordinal);
    }
}
