using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using SecureQueue.FunctionalTests.Infrastructure;

namespace SecureQueue.FunctionalTests.Proxy;

/// <summary>
/// Live reload of <c>ReverseProxy:Routes</c> from a JSON file the gateway reads with reloadOnChange: a new route starts
/// working and a removed one stops without a restart; a reload that adds a route without an authorization policy is
/// refused whole (the routes in force stay, and the refusal is logged).
/// </summary>
public sealed class FrontDoorReloadTests(FrontDoorFixture fixture) : IClassFixture<FrontDoorFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task RoutesFile_Changed_AppliedLiveOrRefusedWhole()
    {
        var file = Path.Combine(fixture.Files.Directory, "routes-" + Guid.NewGuid().ToString("N")[..8] + ".json");
        Write(file, Route("first"), Route("second"));
        // The clusters stay in the in-memory settings; the routes come from the file alone.
        var settings = fixture.Settings.Where(s => !s.Key.StartsWith("ReverseProxy:Routes:", StringComparison.Ordinal)).ToDictionary();
        var logs = new LogCapture();
        await using var gateway = await fixture.StartAnotherAsync("reload", settings, builder =>
        {
            builder.Configuration.AddJsonFile(file, optional: false, reloadOnChange: true);
            builder.Logging.AddProvider(logs);
        });
        using var client = new SignedClient(gateway.Endpoint, fixture.Files.CaFile);
        Assert.True(await ForwardedAsync(client, "/first/a"));
        Assert.True(await ForwardedAsync(client, "/second/a"));

        Write(file, Route("first"), Route("third"));
        Assert.True(await EventuallyAsync(() => ForwardedAsync(client, "/third/a")), "the added route never answered");
        Assert.False(await ForwardedAsync(client, "/second/b"));

        Write(file, Route("first"), Route("third"), Route("fourth", authorized: false), Route("fifth"));
        Assert.True(
            await EventuallyAsync(() => Task.FromResult(logs.Entries.Any(e => e.Id.Id == 7001 && e.Message.Contains("ReverseProxy:Routes:fourth has no authorization policy", StringComparison.Ordinal)))),
            "the refusal was not logged");
        Assert.False(await ForwardedAsync(client, "/fourth/a"));
        Assert.False(await ForwardedAsync(client, "/fifth/a"));
        Assert.True(await ForwardedAsync(client, "/third/b"));
        Assert.True(await ForwardedAsync(client, "/first/b"));
    }

    private static async Task<bool> ForwardedAsync(SignedClient client, string path)
    {
        using var response = await client.SendAsync(HttpMethod.Get, path, [], [], FrontDoorFixture.Caller, service: "execute-api");
        return (int)response.StatusCode == 200 && (await response.Content.ReadAsStringAsync()).Contains("\"upstream\":\"orders\"", StringComparison.Ordinal);
    }

    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(200);
        }

        return false;
    }

    private static KeyValuePair<string, object> Route(string id, bool authorized = true) => new(id, new Dictionary<string, object>
    {
        ["ClusterId"] = "orders",
        ["Match"] = new Dictionary<string, string> { ["Path"] = $"/{id}/{{**rest}}" },
        ["Metadata"] = authorized ? new Dictionary<string, string> { ["SecureQueue.Authorization"] = "AWS_IAM" } : new Dictionary<string, string>(),
    });

    // Written beside the file and renamed over it, so the watcher never reads a half-written file.
    private static void Write(string file, params KeyValuePair<string, object>[] routes)
    {
        var json = JsonSerializer.Serialize(new { ReverseProxy = new { Routes = routes.ToDictionary() } });
        var temporary = file + ".tmp";
        File.WriteAllText(temporary, json);
        File.Move(temporary, file, overwrite: true);
    }
}
