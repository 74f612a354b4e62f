using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using SecureQueue.FunctionalTests.Infrastructure;
using SecureQueue.FunctionalTests.Protocol;

namespace SecureQueue.FunctionalTests.Authentication;

/// <summary>mTLS: certificates from the configured CA map to identities; others never complete the handshake.</summary>
public sealed class ClientCertificateTests : IAsyncLifetime
{
    private readonly X509Certificate2 clientCa = TestCertificates.Authority("CN=SecureQueue test client CA");
    private readonly X509Certificate2 otherCa = TestCertificates.Authority("CN=Someone else's CA");
    private readonly GatewayWorkspace workspace = new();

    public async Task InitializeAsync()
    {
        await workspace.InitializeAsync();
        File.WriteAllText(Path.Combine(workspace.Files.Directory, "client-ca.pem"), clientCa.ExportCertificatePem());
        File.WriteAllText(Path.Combine(workspace.Files.PoliciesDirectory, "lister.json"),
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:ListQueues","Resource":"*"}]}""");
        IdentityFiles.Add(workspace.Files, """{"name":"batch-job","arn":"arn:aws:iam::000000000000:user/batch-job","certificates":[{"subject":"CN=batch-job, O=SecureQueue Tests"}],"policies":["lister.json"]}""");
        IdentityFiles.Add(workspace.Files, """{"name":"worker","arn":"arn:aws:iam::000000000000:user/worker","certificates":[{"dns":"worker.secq.test"}],"policies":["lister.json"]}""");
    }

    public async Task DisposeAsync()
    {
        await workspace.DisposeAsync();
    }

    [Fact]
    public async Task Allow_MappedBySubject_Authenticated()
    {
        await using var gateway = await StartAsync("AllowCertificate");
        using var client = new SignedClient(gateway.Endpoint, workspace.Files.CaFile, TestCertificates.Client(clientCa, "CN=batch-job, O=SecureQueue Tests"));
        using var response = await ListQueuesAsync(client);
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("arn:aws:iam::000000000000:user/batch-job", (await WireAssertions.AuditAsync(workspace.Database, response)).Principal);
    }

    [Fact]
    public async Task Allow_MappedByDnsName_Authenticated()
    {
        await using var gateway = await StartAsync("AllowCertificate");
        using var client = new SignedClient(gateway.Endpoint, workspace.Files.CaFile, TestCertificates.Client(clientCa, "CN=anything", "worker.secq.test"));
        using var response = await ListQueuesAsync(client);
        Assert.Equal("arn:aws:iam::000000000000:user/worker", (await WireAssertions.AuditAsync(workspace.Database, response)).Principal);
    }

    [Fact]
    public async Task Allow_UnmappedCertificate_InvalidClientTokenId()
    {
        await using var gateway = await StartAsync("AllowCertificate");
        using var client = new SignedClient(gateway.Endpoint, workspace.Files.CaFile, TestCertificates.Client(clientCa, "CN=stranger"));
        using var response = await ListQueuesAsync(client);
        await WireAssertions.JsonErrorAsync(response, 403, "com.amazon.coral.service#InvalidClientTokenId", "InvalidClientTokenId");
    }

    [Fact]
    public async Task Allow_CertificateFromOtherCa_HandshakeRefused_Logged()
    {
        using var logs = new LogCapture();
        await using var gateway = await StartAsync("AllowCertificate", logs);
        using var certificate = TestCertificates.Client(otherCa, "CN=batch-job, O=SecureQueue Tests");
        using var client = new SignedClient(gateway.Endpoint, workspace.Files.CaFile, certificate);
        await Assert.ThrowsAsync<HttpRequestException>(() => ListQueuesAsync(client));

        var refused = Assert.Single(logs.Entries, e => e.Id.Id == 2201);
        Assert.Equal(LogLevel.Warning, refused.Level);
        Assert.Contains("(PartialChain)", refused.Message, StringComparison.Ordinal);
        Assert.Contains("issuer CN=Someone else's CA", refused.Message, StringComparison.Ordinal);
        Assert.Contains(Convert.ToHexStringLower(certificate.GetCertHash(HashAlgorithmName.SHA256)), refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1.3.6.1.5.5.7.3.1")]
    [InlineData("1.3.6.1.5.5.7.3.1 1.3.6.1.5.5.7.3.4")]
    public async Task Allow_CertificateWithoutClientAuthUsage_HandshakeRefused(string usageList)
    {
        var usages = usageList.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        await using var gateway = await StartAsync("AllowCertificate");
        using var client = new SignedClient(gateway.Endpoint, workspace.Files.CaFile, TestCertificates.ClientWithUsages(clientCa, "CN=batch-job, O=SecureQueue Tests", usages));
        await Assert.ThrowsAsync<HttpRequestException>(() => ListQueuesAsync(client));
    }

    [Fact]
    public async Task Allow_CertificateWithoutClientAuthUsage_LoggedWithItsReason()
    {
        using var logs = new LogCapture();
        await using var gateway = await StartAsync("AllowCertificate", logs);
        using var client = new SignedClient(gateway.Endpoint, workspace.Files.CaFile, TestCertificates.ClientWithUsages(clientCa, "CN=batch-job, O=SecureQueue Tests", []));
        await Assert.ThrowsAsync<HttpRequestException>(() => ListQueuesAsync(client));

        Assert.Contains("(NoClientAuthenticationUsage): subject CN=batch-job, O=SecureQueue Tests", Assert.Single(logs.Entries, e => e.Id.Id == 2201).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Allow_CertificateWithClientAuthAmongUsages_Authenticated()
    {
        await using var gateway = await StartAsync("AllowCertificate");
        using var client = new SignedClient(gateway.Endpoint, workspace.Files.CaFile,
            TestCertificates.ClientWithUsages(clientCa, "CN=batch-job, O=SecureQueue Tests", ["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"]));
        using var response = await ListQueuesAsync(client);
        Assert.Equal(200, (int)response.StatusCode);
    }

    [Fact]
    public async Task Require_NoCertificate_HandshakeRefused_SigV4AloneNotEnough()
    {
        await using var gateway = await StartAsync("RequireCertificate");
        using var client = new SignedClient(gateway.Endpoint, workspace.Files.CaFile);
        await Assert.ThrowsAsync<HttpRequestException>(() => client.JsonAsync("ListQueues", "{}", TestIdentity.Admin));
    }

    [Fact]
    public async Task ModeWithoutCaBundle_StartupRefused()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => GatewayInstance.StartAsync(workspace.Files, workspace.Database.GatewayConnectionString,
            settings: new Dictionary<string, string?> { ["SecureQueue:ClientCertificates:Mode"] = "RequireCertificate" }));
        Assert.Contains("SecureQueue:ClientCertificates:CaBundleFile", error.Message, StringComparison.Ordinal);
    }

    private Task<GatewayInstance> StartAsync(string mode, LogCapture? logs = null) => GatewayInstance.StartAsync(
        workspace.Files,
        workspace.Database.GatewayConnectionString,
        settings: new Dictionary<string, string?>
        {
            ["SecureQueue:ClientCertificates:Mode"] = mode,
            ["SecureQueue:ClientCertificates:CaBundleFile"] = Path.Combine(workspace.Files.Directory, "client-ca.pem"),
        },
        configure: builder =>
        {
            if (logs is not null)
            {
                builder.Logging.AddProvider(logs);
            }
        });

    private static Task<HttpResponseMessage> ListQueuesAsync(SignedClient client) =>
        client.SendAsync(HttpMethod.Post, "/", [new("Content-Type", "application/x-amz-json-1.0"), new("X-Amz-Target", "AmazonSQS.ListQueues")], "{}"u8.ToArray(), identity: null);
}

/// <summary>Throwaway certificate authorities and client certificates for mTLS tests.</summary>
internal static class TestCertificates
{
    public static X509Certificate2 Authority(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(2));
    }

    public static X509Certificate2 Client(X509Certificate2 authority, string subject, string? dnsName = null) =>
        Issue(authority, subject, dnsName, ["1.3.6.1.5.5.7.3.2"]);

    /// <summary>A client certificate whose extended key usages are exactly <paramref name="usages"/>; none means no EKU extension at all.</summary>
    public static X509Certificate2 ClientWithUsages(X509Certificate2 authority, string subject, string[] usages) => Issue(authority, subject, null, usages);

    private static X509Certificate2 Issue(X509Certificate2 authority, string subject, string? dnsName, string[] usages)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        if (usages.Length > 0)
        {
            var oids = new OidCollection();
            foreach (var usage in usages)
            {
                oids.Add(new Oid(usage));
            }

            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(oids, false));
        }

        if (dnsName is not null)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName(dnsName);
            request.CertificateExtensions.Add(names.Build());
        }

        using var issued = request.Create(authority, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1), RandomNumberGenerator.GetBytes(8));
        using var withKey = issued.CopyWithPrivateKey(key);
        // Re-import so SslStream can use the key on every platform.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }
}
