using System.Security.Cryptography;
using SecureQueue.FunctionalTests.Infrastructure;

namespace SecureQueue.FunctionalTests.Proxy;

/// <summary>Fail closed at start-up: a route the front door cannot authorize, or an upstream it cannot protect, stops the gateway with every problem named.</summary>
public sealed class FrontDoorStartupTests : IAsyncLifetime
{
    private readonly GatewayWorkspace workspace = new();

    public async Task InitializeAsync()
    {
        await workspace.InitializeAsync();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        File.WriteAllText(Path.Combine(workspace.Files.Directory, "assertion.key"), key.ExportPkcs8PrivateKeyPem());
        File.SetUnixFileMode(Path.Combine(workspace.Files.Directory, "assertion.key"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    public Task DisposeAsync() => workspace.DisposeAsync();

    [Fact]
    public async Task RouteWithoutAuthorization_AndPlainHttpWithoutOptIn_RefusedTogether()
    {
        var settings = Settings(authorization: null, upstream: "http://localhost:1/");
        settings["ReverseProxy:Routes:second:ClusterId"] = "orders";
        settings["ReverseProxy:Routes:second:Match:Path"] = "/second/{**rest}";
        settings["ReverseProxy:Routes:second:Metadata:SecureQueue.Authorization"] = "NONE";
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync(settings));
        Assert.StartsWith("The front door's configuration is refused:", error.Message, StringComparison.Ordinal);
        Assert.Contains("ReverseProxy:Routes:orders has no authorization policy", error.Message, StringComparison.Ordinal);
        Assert.Contains("ReverseProxy:Routes:second has no authorization policy", error.Message, StringComparison.Ordinal);
        Assert.Contains("ReverseProxy:Clusters:orders:Destinations:a is plain HTTP", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ReverseProxy:Clusters:orders:HttpClient:DangerousAcceptAnyServerCertificate", "true", "DangerousAcceptAnyServerCertificate is refused")]
    [InlineData("ReverseProxy:Routes:orders:Metadata:SecureQueue.ResourcePolicyFile", "missing.json", "does not exist")]
    [InlineData("ReverseProxy:Routes:orders:Metadata:SecureQueue.PermitsPerMinute", "-1", "must be a positive whole number")]
    [InlineData("ReverseProxy:Routes:orders:AuthorizationPolicy", "Anonymous", "which the front door does not run")]
    [InlineData("SecureQueue:FrontDoor:AssertionKeyFile", "", "AssertionKeyFile is required")]
    [InlineData("SecureQueue:FrontDoor:AssertionLifetimeSeconds", "3600", "between 1 and 60")]
    public async Task UnsafeSetting_Refused(string key, string value, string message)
    {
        var settings = Settings(RouteMetadataAwsIam, "https://localhost:1/");
        settings[key] = value;
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync(settings));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SafeConfiguration_Starts()
    {
        await using var gateway = await StartAsync(Settings(RouteMetadataAwsIam, "https://localhost:1/"));
        Assert.NotNull(gateway.Endpoint);
    }

    private const string RouteMetadataAwsIam = "AWS_IAM";

    private Dictionary<string, string?> Settings(string? authorization, string upstream) => new()
    {
        ["SecureQueue:FrontDoor:AssertionKeyFile"] = Path.Combine(workspace.Files.Directory, "assertion.key"),
        ["ReverseProxy:Routes:orders:ClusterId"] = "orders",
        ["ReverseProxy:Routes:orders:Match:Path"] = "/orders/{**rest}",
        ["ReverseProxy:Routes:orders:Metadata:SecureQueue.Authorization"] = authorization,
        ["ReverseProxy:Clusters:orders:Destinations:a:Address"] = upstream,
    };

    private async Task<GatewayInstance> StartAsync(Dictionary<string, string?> settings) =>
        await GatewayInstance.StartAsync(workspace.Files, workspace.Database.GatewayConnectionString, settings: settings);
}
