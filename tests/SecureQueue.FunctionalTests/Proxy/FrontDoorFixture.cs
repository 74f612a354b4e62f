using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.IdentityModel.Tokens;
using SecureQueue.FunctionalTests.Authentication;
using SecureQueue.FunctionalTests.Infrastructure;

namespace SecureQueue.FunctionalTests.Proxy;

/// <summary>
/// One gateway with a front door over real upstreams: <c>orders</c> (HTTPS, the test CA, a route resource policy and a
/// guardrail), <c>plain</c> (HTTP with the cluster's opt-in), <c>down</c> (nothing listening), <c>failover</c> (a dead and a
/// live destination under active health checks), <c>limited</c> (two requests a minute per principal), <c>untrusted</c>
/// (the orders upstream, but a cluster CA bundle that did not issue its certificate), <c>public</c> (anonymous GETs allowed by
/// its resource policy) and <c>stream</c> (anonymous POSTs too, bodies up to <see cref="StreamLimit"/>, larger than the
/// gateway's own 4 MiB).
/// </summary>
public sealed class FrontDoorFixture : IAsyncLifetime
{
    public const string Issuer = "https://issuer.secq.test";
    public const string AssertionIssuer = "https://gateway.secq.test";

    /// <summary>The <c>stream</c> route's body limit: four times the gateway's <c>MaxRequestBytes</c>.</summary>
    public const int StreamLimit = 16 * 1024 * 1024;

    /// <summary>May invoke every route.</summary>
    public static readonly TestIdentity Caller = new("caller", "AKIASECQTESTCALLER01", "callerSecretKey0123456789abcdefghijklmn",
        """{"Version":"2012-10-17","Statement":[{"Sid":"InvokeAll","Effect":"Allow","Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:us-east-1:000000000000:*"}]}""");

    private readonly GatewayWorkspace workspace = new();
    private readonly List<UpstreamApp> upstreams = [];
    private GatewayInstance? gateway;

    public RsaSecurityKey JwtKey { get; } = new(RSA.Create(2048)) { KeyId = "k1" };

    public X509Certificate2 ClientCa { get; } = TestCertificates.Authority("CN=SecureQueue front door client CA");

    public GatewayWorkspace Workspace => workspace;

    public TestDatabase Database => workspace.Database;

    public GatewayFiles Files => workspace.Files;

    public GatewayInstance Gateway => gateway ?? throw new InvalidOperationException("not started");

    /// <summary>The gateway's settings beyond <see cref="GatewayInstance"/>'s own, for a second gateway a test starts with changes.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; private set; } = new Dictionary<string, string?>();

    /// <summary>The upstream of the <c>orders</c> cluster (also behind <c>public</c>, <c>stream</c> and <c>limited</c>).</summary>
    public UpstreamApp Orders => upstreams[0];

    public IReadOnlyList<UpstreamApp> Upstreams => upstreams;

    public async Task InitializeAsync()
    {
        await workspace.InitializeAsync();
        var files = workspace.Files;
        var orders = await StartUpstreamAsync("orders", https: true);
        var plain = await StartUpstreamAsync("plain", https: false);
        var live = await StartUpstreamAsync("live", https: true);
        WriteIdentities(files);
        Settings = GatewaySettings(files, orders, plain, live);
        gateway = await GatewayInstance.StartAsync(files, workspace.Database.GatewayConnectionString, settings: Settings);
        foreach (var upstream in upstreams)
        {
            upstream.Check = new AssertionCheck(Client(), AssertionIssuer, upstream == orders ? "orders" : upstream == plain ? "plain" : "failover");
        }
    }

    /// <summary>An HTTPS client of the gateway that trusts the test CA, optionally presenting a client certificate.</summary>
    public HttpClient Client(X509Certificate2? certificate = null, Uri? endpoint = null)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.CertificateChainPolicy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            CustomTrustStore = { X509CertificateLoader.LoadCertificateFromFile(Files.CaFile) },
            RevocationMode = X509RevocationMode.NoCheck,
        };
        if (certificate is not null)
        {
            handler.SslOptions.ClientCertificates = [certificate];
        }

        return new HttpClient(handler) { BaseAddress = endpoint ?? Gateway.Endpoint };
    }

    /// <summary>A second gateway on the same files and database (with a checkpoint file of its own), configured by the test.</summary>
    public Task<GatewayInstance> StartAnotherAsync(string name, IReadOnlyDictionary<string, string?> settings, Action<Microsoft.AspNetCore.Builder.WebApplicationBuilder>? configure = null) =>
        GatewayInstance.StartAsync(
            Files with { CheckpointFile = Path.Combine(Files.Directory, name + "-checkpoints.jsonl") }, Database.GatewayConnectionString, settings: settings, configure: configure);

    public async Task DisposeAsync()
    {
        if (gateway is not null)
        {
            await gateway.DisposeAsync();
        }

        foreach (var upstream in upstreams)
        {
            await upstream.DisposeAsync();
        }

        await workspace.DisposeAsync();
    }

    private async Task<UpstreamApp> StartUpstreamAsync(string name, bool https)
    {
        var upstream = await UpstreamApp.StartAsync(name, workspace.Files, https);
        upstreams.Add(upstream);
        return upstream;
    }

    private void WriteIdentities(GatewayFiles files)
    {
        IdentityFiles.Add(files, Caller);
        File.WriteAllText(Path.Combine(files.PoliciesDirectory, "web-readers.json"), """
            {"Version":"2012-10-17","Statement":[
              {"Sid":"ReadOrders","Effect":"Allow","Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:us-east-1:000000000000:orders/*/GET/*"},
              {"Sid":"WritersPost","Effect":"Allow","Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:us-east-1:000000000000:orders/*/POST/*",
               "Condition":{"ForAnyValue:StringEquals":{"execute-api:JwtClaim/roles":"writer"}}},
              {"Sid":"AcmePuts","Effect":"Allow","Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:us-east-1:000000000000:orders/*/PUT/*",
               "Condition":{"StringEquals":{"execute-api:JwtClaim/tenant":"acme"}}}]}
            """);
        IdentityFiles.Add(files, """{"name":"web-svc","arn":"arn:aws:iam::000000000000:role/web-svc","federated":[{"issuer":"https://issuer.secq.test","subject":"svc-web"}],"policies":["web-readers.json"],"tags":{"team":"web"}}""");
        IdentityFiles.Add(files, """{"name":"batch-job","arn":"arn:aws:iam::000000000000:user/batch-job","certificates":[{"subject":"CN=batch-job, O=SecureQueue Tests"}],"policies":["caller.json"]}""");
        Directory.CreateDirectory(Path.Combine(files.PoliciesDirectory, "routes"));
        File.WriteAllText(Path.Combine(files.PoliciesDirectory, "routes", "orders.json"),
            """{"Version":"2012-10-17","Statement":[{"Sid":"NoDeletes","Effect":"Deny","Principal":"*","Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:us-east-1:000000000000:orders/*/DELETE/*"}]}""");
        File.WriteAllText(Path.Combine(files.PoliciesDirectory, "routes", "public.json"),
            """{"Version":"2012-10-17","Statement":[{"Sid":"AnyoneReads","Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:us-east-1:000000000000:public/*/GET/*"}]}""");
        File.WriteAllText(Path.Combine(files.PoliciesDirectory, "routes", "stream.json"),
            """{"Version":"2012-10-17","Statement":[{"Sid":"AnyoneUploads","Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:us-east-1:000000000000:stream/*/POST/*"}]}""");
        Directory.CreateDirectory(Path.Combine(files.Directory, "guardrails"));
        File.WriteAllText(Path.Combine(files.Directory, "guardrails", "no-secrets.json"), """
            {"Version":"2012-10-17","Statement":[
              {"Sid":"NoSecretPaths","Effect":"Deny","Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:*:*:*/*/*/orders/secret*"},
              {"Sid":"NoPublicAdmin","Effect":"Deny","Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:*:*:public/*/*/public/admin*"}]}
            """);
        File.WriteAllText(Path.Combine(files.Directory, "client-ca.pem"), ClientCa.ExportCertificatePem());
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(JwtKey.Rsa.ExportParameters(false)) { KeyId = JwtKey.KeyId });
        File.WriteAllText(Path.Combine(files.Directory, "jwks.json"), $$"""{"keys":[{"kty":"RSA","kid":"{{JwtKey.KeyId}}","use":"sig","n":"{{jwk.N}}","e":"{{jwk.E}}"}]}""");
        using var assertionKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        File.WriteAllText(Path.Combine(files.Directory, "assertion.key"), assertionKey.ExportPkcs8PrivateKeyPem());
        File.SetUnixFileMode(Path.Combine(files.Directory, "assertion.key"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    private static Dictionary<string, string?> GatewaySettings(GatewayFiles files, UpstreamApp orders, UpstreamApp plain, UpstreamApp live)
    {
        var settings = new Dictionary<string, string?>
        {
            ["SecureQueue:GuardrailsDirectory"] = Path.Combine(files.Directory, "guardrails"),
            ["SecureQueue:Jwt:Issuers:0:Issuer"] = Issuer,
            ["SecureQueue:Jwt:Issuers:0:Audiences:0"] = "securequeue",
            ["SecureQueue:Jwt:Issuers:0:SigningKeysFile"] = Path.Combine(files.Directory, "jwks.json"),
            ["SecureQueue:ClientCertificates:Mode"] = "AllowCertificate",
            ["SecureQueue:ClientCertificates:CaBundleFile"] = Path.Combine(files.Directory, "client-ca.pem"),
            ["SecureQueue:FrontDoor:AssertionKeyFile"] = Path.Combine(files.Directory, "assertion.key"),
            ["SecureQueue:FrontDoor:AssertionIssuer"] = AssertionIssuer,
        };
        Route(settings, "orders", "/orders/{**rest}", ("SecureQueue.ResourcePolicyFile", "routes/orders.json"), ("SecureQueue.MaxRequestBodyBytes", "65536"));
        Route(settings, "limited", "/limited/{**rest}", ("SecureQueue.PermitsPerMinute", "2"));
        settings["ReverseProxy:Routes:limited:ClusterId"] = "orders";
        Route(settings, "public", "/public/{**rest}", ("SecureQueue.ResourcePolicyFile", "routes/public.json"), ("SecureQueue.AllowAnonymous", "true"));
        settings["ReverseProxy:Routes:public:ClusterId"] = "orders";
        Route(settings, "stream", "/stream/{**rest}", ("SecureQueue.ResourcePolicyFile", "routes/stream.json"), ("SecureQueue.AllowAnonymous", "true"),
            ("SecureQueue.MaxRequestBodyBytes", StreamLimit.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        settings["ReverseProxy:Routes:stream:ClusterId"] = "orders";
        Route(settings, "plain", "/plain/{**rest}");
        Route(settings, "down", "/down/{**rest}");
        Route(settings, "failover", "/failover/{**rest}");
        Route(settings, "untrusted", "/untrusted/{**rest}");
        settings["ReverseProxy:Clusters:orders:Destinations:a:Address"] = orders.Address.ToString();
        settings["ReverseProxy:Clusters:orders:Metadata:SecureQueue.UpstreamCaFile"] = files.CaFile;
        settings["ReverseProxy:Clusters:plain:Destinations:a:Address"] = plain.Address.ToString();
        settings["ReverseProxy:Clusters:plain:Metadata:SecureQueue.AllowPlainHttp"] = "true";
        settings["ReverseProxy:Clusters:untrusted:Destinations:a:Address"] = orders.Address.ToString();
        settings["ReverseProxy:Clusters:untrusted:Metadata:SecureQueue.UpstreamCaFile"] = Path.Combine(files.Directory, "client-ca.pem");
        settings["ReverseProxy:Clusters:down:Destinations:a:Address"] = $"https://localhost:{TestPorts.Next()}/";
        settings["ReverseProxy:Clusters:failover:Destinations:dead:Address"] = $"https://localhost:{TestPorts.Next()}/";
        settings["ReverseProxy:Clusters:failover:Destinations:live:Address"] = live.Address.ToString();
        settings["ReverseProxy:Clusters:failover:Metadata:SecureQueue.UpstreamCaFile"] = files.CaFile;
        settings["ReverseProxy:Clusters:failover:LoadBalancingPolicy"] = "RoundRobin";
        settings["ReverseProxy:Clusters:failover:HealthCheck:Active:Enabled"] = "true";
        settings["ReverseProxy:Clusters:failover:HealthCheck:Active:Interval"] = "00:00:01";
        settings["ReverseProxy:Clusters:failover:HealthCheck:Active:Timeout"] = "00:00:01";
        settings["ReverseProxy:Clusters:failover:HealthCheck:Active:Policy"] = "ConsecutiveFailures";
        settings["ReverseProxy:Clusters:failover:HealthCheck:Active:Path"] = "/health";
        settings["ReverseProxy:Clusters:failover:Metadata:ConsecutiveFailuresHealthPolicy.Threshold"] = "1";
        return settings;
    }

    private static void Route(Dictionary<string, string?> settings, string id, string path, params (string Key, string Value)[] metadata)
    {
        settings[$"ReverseProxy:Routes:{id}:ClusterId"] = id;
        settings[$"ReverseProxy:Routes:{id}:Match:Path"] = path;
        settings[$"ReverseProxy:Routes:{id}:Metadata:SecureQueue.Authorization"] = "AWS_IAM";
        foreach (var (key, value) in metadata)
        {
            settings[$"ReverseProxy:Routes:{id}:Metadata:{key}"] = value;
        }
    }
}
