using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SecureQueue.FunctionalTests.Infrastructure;
using SecureQueue.FunctionalTests.Protocol;

namespace SecureQueue.FunctionalTests.Hosting;

/// <summary>Fail closed: a missing or unsafe security setting stops start-up with a message naming it.</summary>
public sealed partial class StartupTests : IAsyncLifetime
{
    private readonly GatewayWorkspace workspace = new();

    public Task InitializeAsync() => workspace.InitializeAsync();

    public Task DisposeAsync() => workspace.DisposeAsync();

    [Fact]
    public async Task PlainHttpListener_NotAllowed_Refused()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => GatewayInstance.StartAsync(workspace.Files, workspace.Database.GatewayConnectionString, plainHttp: true, allowPlainHttp: false));
        Assert.Contains("SecureQueue:AllowPlainHttp", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KestrelEndpointPlainHttp_NotAllowed_Refused()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => GatewayInstance.StartAsync(workspace.Files, workspace.Database.GatewayConnectionString,
            settings: new Dictionary<string, string?> { ["Kestrel:Endpoints:Plain:Url"] = "http://127.0.0.1:0" }));
        Assert.Contains("SecureQueue:AllowPlainHttp", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListenCallPlainHttp_NotAllowed_Refused()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => GatewayInstance.StartAsync(workspace.Files, workspace.Database.GatewayConnectionString,
            configure: builder => builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0))));
        Assert.Contains("http://127.0.0.1:", error.Message, StringComparison.Ordinal);
        Assert.Contains("SecureQueue:AllowPlainHttp", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlainHttpRequestBeforeListenerCheck_ConnectionDropped()
    {
        // Registered first, the probe's StartedAsync runs after Kestrel has bound and before the listener check stops the
        // host: the window the per-request guard closes.
        var probe = new PlainHttpProbe();
        await Assert.ThrowsAsync<InvalidOperationException>(() => GatewayInstance.StartAsync(workspace.Files, workspace.Database.GatewayConnectionString, configure: builder =>
        {
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
            builder.Services.Insert(0, ServiceDescriptor.Singleton<IHostedService>(services => probe.Attach(services.GetRequiredService<IServer>())));
        }));
        Assert.Equal("dropped", probe.Outcome);
    }

    [Fact]
    public async Task ListenCallPlainHttp_Allowed_Started()
    {
        await using var gateway = await GatewayInstance.StartAsync(workspace.Files, workspace.Database.GatewayConnectionString, allowPlainHttp: true,
            configure: builder => builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0)));
        var addresses = gateway.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        Assert.StartsWith("http://127.0.0.1:", Assert.Single(addresses), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ASPNETCORE_HTTP_PORTS", "{0}")]
    [InlineData("DOTNET_HTTP_PORTS", "{0}")]
    [InlineData("ASPNETCORE_URLS", "http://localhost:{0}")]
    [InlineData("ASPNETCORE_URLS", "https://127.0.0.1:{1};http://127.0.0.1:{0}")]
    [InlineData("DOTNET_URLS", "http://127.0.0.1:{0}")]
    public async Task ServePlainHttpFromEnvironment_NotAllowed_Refused(string variable, string value)
    {
        var listeners = string.Format(CultureInfo.InvariantCulture, value, TestPorts.Next(), TestPorts.Next());
        var (exitCode, error) = await GatewayProcess.RunUntilRefusedAsync(workspace.Files, workspace.Database.GatewayConnectionString,
            new Dictionary<string, string?> { [variable] = listeners });
        Assert.Equal(2, exitCode);
        Assert.Contains("SecureQueue:AllowPlainHttp", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServeWithoutListener_KestrelDefaultPlainHttp_Refused()
    {
        var (exitCode, error) = await GatewayProcess.RunUntilRefusedAsync(workspace.Files, workspace.Database.GatewayConnectionString, new Dictionary<string, string?>());
        Assert.Equal(2, exitCode);
        Assert.Contains("http://localhost:5000", error, StringComparison.Ordinal);
        Assert.Contains("SecureQueue:AllowPlainHttp", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServeHttpPortsOverriddenByHttpsUrls_Started()
    {
        // Microsoft's container images set ASPNETCORE_HTTP_PORTS=8080; an https urls setting replaces it, so nothing listens on plain HTTP.
        using var gateway = await GatewayProcess.StartAsync(workspace.Files, workspace.Database.GatewayConnectionString, TestPorts.Next(),
            new Dictionary<string, string?> { ["ASPNETCORE_HTTP_PORTS"] = TestPorts.Next().ToString() });
        Assert.Equal("https", gateway.Endpoint.Scheme);
    }

    [Fact]
    public async Task IdentitiesFileReadableByOthers_Refused()
    {
        File.SetUnixFileMode(workspace.Files.IdentitiesFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => GatewayInstance.StartAsync(workspace.Files, workspace.Database.GatewayConnectionString));
        Assert.Contains($"SecureQueue:IdentitiesFile '{workspace.Files.IdentitiesFile}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("0600", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(UnixFileMode.GroupRead)]
    [InlineData(UnixFileMode.GroupRead | UnixFileMode.OtherRead)]
    public async Task TlsKeyReadableByOthers_Refused(UnixFileMode others)
    {
        File.SetUnixFileMode(workspace.Files.ServerKeyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | others);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => GatewayInstance.StartAsync(workspace.Files, workspace.Database.GatewayConnectionString));
        Assert.Contains($"SecureQueue:Tls:KeyFile '{workspace.Files.ServerKeyFile}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("0600", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SecretFilesOwnerOnly_Started()
    {
        File.SetUnixFileMode(workspace.Files.IdentitiesFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.SetUnixFileMode(workspace.Files.ServerKeyFile, UnixFileMode.UserRead);
        await using var gateway = await GatewayInstance.StartAsync(workspace.Files, workspace.Database.GatewayConnectionString);
        using var client = new SignedClient(gateway.Endpoint, workspace.Files.CaFile);
        using var response = await client.JsonAsync("ListQueues", "{}", TestIdentity.Admin);
        Assert.Equal(200, (int)response.StatusCode);
    }

    [Fact]
    public async Task IdentityTagKeysDifferingOnlyInCase_Refused()
    {
        File.WriteAllText(workspace.Files.IdentitiesFile,
            """{"identities":[{"name":"x","arn":"arn:aws:iam::000000000000:user/x","accessKeys":[{"accessKeyId":"AKIAXXXXXXXXXXXXXXXX","secretAccessKey":"0123456789abcdef0123"}],"tags":{"team":"a","Team":"b"}}]}""");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => GatewayInstance.StartAsync(workspace.Files, workspace.Database.GatewayConnectionString));
        Assert.Contains("identity 'x'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Team'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JwtTagClaimsDifferingOnlyInCase_Refused()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => GatewayInstance.StartAsync(workspace.Files, workspace.Database.GatewayConnectionString,
            settings: new Dictionary<string, string?>
            {
                ["SecureQueue:Jwt:Issuers:0:Issuer"] = "https://issuer.test",
                ["SecureQueue:Jwt:Issuers:0:Audiences:0"] = "securequeue",
                ["SecureQueue:Jwt:Issuers:0:SigningKeysFile"] = workspace.Files.CaFile,
                ["SecureQueue:Jwt:Issuers:0:TagClaims:0"] = "team",
                ["SecureQueue:Jwt:Issuers:0:TagClaims:1"] = "Team",
            }));
        Assert.Contains("SecureQueue:Jwt:Issuers:0:TagClaims", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Team'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MasterKeyMissing_Refused()
    {
        File.Delete(workspace.Files.MasterKeyFile);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => GatewayInstance.StartAsync(workspace.Files, workspace.Database.GatewayConnectionString));
        Assert.Contains("SecureQueue:MasterKeyFile", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MasterKeyReadableByOthers_Refused()
    {
        File.SetUnixFileMode(workspace.Files.MasterKeyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => GatewayInstance.StartAsync(workspace.Files, workspace.Database.GatewayConnectionString));
        Assert.Contains("0600", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownPolicyFile_Refused()
    {
        File.WriteAllText(workspace.Files.IdentitiesFile, """{"identities":[{"name":"x","arn":"arn:aws:iam::000000000000:user/x","accessKeys":[{"accessKeyId":"AKIAXXXXXXXXXXXXXXXX","secretAccessKey":"0123456789abcdef0123"}],"policies":["missing.json"]}]}""");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => GatewayInstance.StartAsync(workspace.Files, workspace.Database.GatewayConnectionString));
        Assert.Contains("missing.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IdentityWithoutCredential_Refused()
    {
        File.WriteAllText(workspace.Files.IdentitiesFile, """{"identities":[{"name":"x","arn":"arn:aws:iam::000000000000:user/x","accessKeys":[],"policies":[]}]}""");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => GatewayInstance.StartAsync(workspace.Files, workspace.Database.GatewayConnectionString));
        Assert.Contains("no credential", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidPolicyDocument_Refused_WithoutEchoingIt()
    {
        File.WriteAllText(Path.Combine(workspace.Files.PoliciesDirectory, "admin.json"), """{"Version":"2012-10-17","Statement":[{"Effect":"allow","Action":"sqs:*","Resource":"*"}]}""");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => GatewayInstance.StartAsync(workspace.Files, workspace.Database.GatewayConnectionString));
        Assert.Contains("admin.json", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sqs:*", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Audiences", "SecureQueue:Jwt:Issuers:0:Audiences")]
    [InlineData("Issuer", "SecureQueue:Jwt:Issuers:0:Issuer")]
    [InlineData("SigningKeysFile", "SecureQueue:Jwt:Issuers:0:SigningKeysFile")]
    public async Task JwtIssuerMissingASetting_Refused(string missing, string setting)
    {
        var jwt = new Dictionary<string, string?>
        {
            ["SecureQueue:Jwt:Issuers:0:Issuer"] = "https://issuer.test",
            ["SecureQueue:Jwt:Issuers:0:Audiences:0"] = "securequeue",
            ["SecureQueue:Jwt:Issuers:0:SigningKeysFile"] = workspace.Files.CaFile,
        };
        jwt.Remove(missing == "Audiences" ? "SecureQueue:Jwt:Issuers:0:Audiences:0" : $"SecureQueue:Jwt:Issuers:0:{missing}");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => GatewayInstance.StartAsync(workspace.Files, workspace.Database.GatewayConnectionString, settings: jwt));
        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlainHttpAllowed_CallsHaveSecureTransportFalse()
    {
        await using var gateway = await GatewayInstance.StartAsync(workspace.Files, workspace.Database.GatewayConnectionString, plainHttp: true);
        using var client = new SignedClient(gateway.Endpoint, workspace.Files.CaFile);
        using var allowed = await client.JsonAsync("ListQueues", "{}", TestIdentity.Admin);
        Assert.Equal(200, (int)allowed.StatusCode);
        using var denied = await client.JsonAsync("ListQueues", "{}", TestIdentity.TlsOnly);
        var message = await WireAssertions.JsonErrorAsync(denied, 403, "com.amazon.coral.service#AccessDeniedException", "AccessDenied");
        Assert.Contains("explicit deny", message, StringComparison.Ordinal);
    }

    /// <summary>Sends one unsigned plain-HTTP request while the host is starting and records whether any response came back.</summary>
    private sealed class PlainHttpProbe : IHostedLifecycleService
    {
        private IServer? server;

        public string Outcome { get; private set; } = "not run";

        public PlainHttpProbe Attach(IServer running)
        {
            server = running;
            return this;
        }

        public async Task StartedAsync(CancellationToken cancellationToken)
        {
            var address = server!.Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            using var http = new HttpClient();
            try
            {
                using var response = await http.GetAsync(new Uri(address + "/?Action=ListQueues"), cancellationToken);
                Outcome = $"served {(int)response.StatusCode}";
            }
            catch (HttpRequestException)
            {
                Outcome = "dropped";
            }
        }

        public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
