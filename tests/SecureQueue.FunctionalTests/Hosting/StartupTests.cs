using SecureQueue.FunctionalTests.Infrastructure;
using SecureQueue.FunctionalTests.Protocol;

namespace SecureQueue.FunctionalTests.Hosting;

/// <summary>Fail closed: a missing or unsafe security setting stops start-up with a message naming it.</summary>
public sealed class StartupTests : IAsyncLifetime
{
    private readonly GatewayWorkspace workspace = new();

    public Task InitializeAsync() => workspace.InitializeAsync();

    public Task DisposeAsync() => workspace.DisposeAsync();

    [Fact]
    public async Task PlainHttpListener_NotAllowed_Refused()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => GatewayInstance.StartAsync(workspace.Files, workspace.Database.ConnectionString, plainHttp: true, allowPlainHttp: false));
        Assert.Contains("SecureQueue:AllowPlainHttp", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MasterKeyMissing_Refused()
    {
        File.Delete(workspace.Files.MasterKeyFile);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => GatewayInstance.StartAsync(workspace.Files, workspace.Database.ConnectionString));
        Assert.Contains("SecureQueue:MasterKeyFile", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MasterKeyReadableByOthers_Refused()
    {
        File.SetUnixFileMode(workspace.Files.MasterKeyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => GatewayInstance.StartAsync(workspace.Files, workspace.Database.ConnectionString));
        Assert.Contains("0600", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownPolicyFile_Refused()
    {
        File.WriteAllText(workspace.Files.IdentitiesFile, """{"identities":[{"name":"x","arn":"arn:aws:iam::000000000000:user/x","accessKeys":[{"accessKeyId":"AKIAXXXXXXXXXXXXXXXX","secretAccessKey":"0123456789abcdef0123"}],"policies":["missing.json"]}]}""");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => GatewayInstance.StartAsync(workspace.Files, workspace.Database.ConnectionString));
        Assert.Contains("missing.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IdentityWithoutCredential_Refused()
    {
        File.WriteAllText(workspace.Files.IdentitiesFile, """{"identities":[{"name":"x","arn":"arn:aws:iam::000000000000:user/x","accessKeys":[],"policies":[]}]}""");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => GatewayInstance.StartAsync(workspace.Files, workspace.Database.ConnectionString));
        Assert.Contains("no credential", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidPolicyDocument_Refused_WithoutEchoingIt()
    {
        File.WriteAllText(Path.Combine(workspace.Files.PoliciesDirectory, "admin.json"), """{"Version":"2012-10-17","Statement":[{"Effect":"allow","Action":"sqs:*","Resource":"*"}]}""");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => GatewayInstance.StartAsync(workspace.Files, workspace.Database.ConnectionString));
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
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => GatewayInstance.StartAsync(workspace.Files, workspace.Database.ConnectionString, settings: jwt));
        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlainHttpAllowed_CallsHaveSecureTransportFalse()
    {
        await using var gateway = await GatewayInstance.StartAsync(workspace.Files, workspace.Database.ConnectionString, plainHttp: true);
        using var client = new SignedClient(gateway.Endpoint, workspace.Files.CaFile);
        using var allowed = await client.JsonAsync("ListQueues", "{}", TestIdentity.Admin);
        Assert.Equal(200, (int)allowed.StatusCode);
        using var denied = await client.JsonAsync("ListQueues", "{}", TestIdentity.TlsOnly);
        var message = await WireAssertions.JsonErrorAsync(denied, 403, "com.amazon.coral.service#AccessDeniedException", "AccessDenied");
        Assert.Contains("explicit deny", message, StringComparison.Ordinal);
    }
}
