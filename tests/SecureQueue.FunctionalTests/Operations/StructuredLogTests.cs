using System.Text.Json;
using SecureQueue.FunctionalTests.Infrastructure;

namespace SecureQueue.FunctionalTests.Operations;

/// <summary>
/// <c>secq serve</c> with ASP.NET's JSON console formatter: every line it prints parses, start-up names each listener
/// and security setting once, nothing secret is printed, and no Data Protection key ring is made or warned about.
/// </summary>
public sealed class StructuredLogTests(GatewayWorkspace workspace) : IClassFixture<GatewayWorkspace>
{
    private static readonly string[] Settings =
        ["tls", "plain_http", "database_role", "identities", "sigv4_clock_skew", "jwt_issuers", "client_certificates", "guardrails", "checkpoints", "max_request_bytes", "ops_listener", "otlp_export"];

    [Fact]
    public async Task Serve_JsonFormatter_PrintsParsableLinesOnePerListenerAndSetting()
    {
        var home = Path.Combine(workspace.Files.Directory, "home");
        Directory.CreateDirectory(home);
        var port = TestPorts.Next();
        using var gateway = await GatewayProcess.StartAsync(
            workspace.Files, workspace.Database.GatewayConnectionString, port,
            new Dictionary<string, string?> { ["Logging__Console__FormatterName"] = "json", ["HOME"] = home });
        using var client = new SignedClient(gateway.Endpoint, workspace.Files.CaFile);
        using (await client.JsonAsync("CreateQueue", """{"QueueName":"log-queue"}""", TestIdentity.Admin))
        {
        }

        var lines = await WaitForAsync(gateway, lines => lines.Count(l => l.Contains("\"EventId\":3302", StringComparison.Ordinal)) >= Settings.Length);
        var entries = lines.Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
        var startup = entries.Where(e => e.GetProperty("Category").GetString() == "SecureQueue.Gateway.Hosting.StartupReport").ToList();
        var listeners = startup.Where(e => e.GetProperty("EventId").GetInt32() == 3301).Select(e => e.GetProperty("State").GetProperty("Listener").GetString()).ToList();
        Assert.Equal(["api", "ops"], listeners);
        Assert.Contains(startup, e => e.GetProperty("State").GetProperty("Address").GetString() == $"https://127.0.0.1:{port}");
        var settings = startup.Where(e => e.GetProperty("EventId").GetInt32() == 3302).Select(e => e.GetProperty("State").GetProperty("Setting").GetString()).ToList();
        Assert.Equal(Settings, settings);

        Assert.DoesNotContain(entries, e => e.GetProperty("Category").GetString()!.StartsWith("Microsoft.AspNetCore.DataProtection", StringComparison.Ordinal));
        Assert.False(Directory.Exists(Path.Combine(home, ".aspnet")), "a Data Protection key ring was written to the home directory");
        var secrets = TestIdentity.All.Select(i => i.SecretAccessKey).Append(File.ReadAllText(workspace.Files.MasterKeyFile).Trim())
            .Append(new Npgsql.NpgsqlConnectionStringBuilder(workspace.Database.GatewayConnectionString).Password!);
        Assert.DoesNotContain(lines, line => secrets.Any(s => line.Contains(s, StringComparison.Ordinal)));
    }

    private static async Task<IReadOnlyList<string>> WaitForAsync(GatewayProcess gateway, Func<IReadOnlyList<string>, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var lines = gateway.Output;
            if (condition(lines))
            {
                return lines;
            }

            Assert.True(DateTime.UtcNow < deadline, "start-up lines missing after 20 s:\n" + string.Join('\n', lines));
            await Task.Delay(100);
        }
    }
}
