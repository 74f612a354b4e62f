using SecureQueue.Proxy.Routes;
using Yarp.ReverseProxy.Configuration;

namespace SecureQueue.Proxy.Tests.Routes;

public sealed class ProxyConfigCheckTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("secq-proxy-check-").FullName;
    private readonly ProxyConfigCheck check;

    public ProxyConfigCheckTests() => check = new ProxyConfigCheck(directory, directory, 1024);

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void Route_AwsIamOnly_DefaultsApplied()
    {
        var settings = Route(new() { [RouteMetadata.Authorization] = RouteMetadata.AwsIam }, out var errors);
        Assert.Empty(errors);
        Assert.Equal(("orders", "orders-cluster", "$default", null, 1024L, null, false, false),
            (settings!.RouteId, settings.ClusterId, settings.Stage, settings.ResourcePolicy, settings.MaxRequestBodyBytes, settings.PermitsPerMinute, settings.ForwardAuthorization,
                settings.AllowEncodedSlashes));
    }

    [Theory]
    [InlineData("true", true, 0)]
    [InlineData("false", false, 0)]
    [InlineData("yes", false, 1)]
    public void Route_AllowEncodedSlashes_ReadAsAFlag(string value, bool allowed, int errorCount)
    {
        var settings = Route(new() { [RouteMetadata.Authorization] = RouteMetadata.AwsIam, [RouteMetadata.AllowEncodedSlashes] = value }, out var errors);
        Assert.Equal((allowed, errorCount), (settings?.AllowEncodedSlashes ?? false, errors.Count));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("aws_iam")]
    [InlineData("NONE")]
    public void Route_WithoutAwsIam_RefusedAsUnauthorized(string? authorization)
    {
        var metadata = authorization is null ? new Dictionary<string, string>() : new() { [RouteMetadata.Authorization] = authorization };
        Assert.Null(Route(metadata, out var errors));
        Assert.StartsWith("ReverseProxy:Routes:orders has no authorization policy", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Route_EveryProblem_ReportedInOnePass()
    {
        var metadata = new Dictionary<string, string>
        {
            [RouteMetadata.Stage] = "a/b",
            [RouteMetadata.MaxRequestBodyBytes] = "0",
            [RouteMetadata.PermitsPerMinute] = "many",
            [RouteMetadata.ForwardAuthorization] = "yes",
            [RouteMetadata.ResourcePolicyFile] = "missing.json",
        };
        var route = new RouteConfig { RouteId = "orders", ClusterId = "c", Metadata = metadata, AuthorizationPolicy = "Anonymous" };
        var errors = new List<string>();
        Assert.Null(check.Route(route, errors));
        Assert.Equal(7, errors.Count);
    }

    [Fact]
    public void Route_ResourcePolicy_CompiledOnceOrErrorsNamed()
    {
        File.WriteAllText(Path.Combine(directory, "good.json"),
            """{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"execute-api:Invoke","Resource":"*"}]}""");
        File.WriteAllText(Path.Combine(directory, "bad.json"), """{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"execute-api:Invoke"}]}""");
        Assert.NotNull(Route(new() { [RouteMetadata.Authorization] = RouteMetadata.AwsIam, [RouteMetadata.ResourcePolicyFile] = "good.json" }, out _)!.ResourcePolicy);
        Assert.Null(Route(new() { [RouteMetadata.Authorization] = RouteMetadata.AwsIam, [RouteMetadata.ResourcePolicyFile] = "bad.json" }, out var errors));
        Assert.Contains("is invalid: line 1", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://upstream.test/", null, true)]
    [InlineData("http://upstream.test/", null, false)]
    [InlineData("http://upstream.test/", "true", true)]
    [InlineData("http://upstream.test/", "false", false)]
    [InlineData("ftp://upstream.test/", "true", false)]
    [InlineData("upstream.test", "true", false)]
    public void Cluster_PlainHttp_OnlyWithOptIn(string address, string? allowPlainHttp, bool accepted)
    {
        var metadata = allowPlainHttp is null ? null : new Dictionary<string, string> { [RouteMetadata.AllowPlainHttp] = allowPlainHttp };
        var cluster = new ClusterConfig { ClusterId = "c", Metadata = metadata, Destinations = new Dictionary<string, DestinationConfig> { ["a"] = new() { Address = address } } };
        var errors = new List<string>();
        Assert.Equal(accepted, check.Cluster(cluster, errors) is not null);
        Assert.Equal(accepted, errors.Count == 0);
    }

    [Fact]
    public void Cluster_PlainHttpHealthAddress_NeedsTheOptInToo()
    {
        var cluster = new ClusterConfig
        {
            ClusterId = "c",
            Destinations = new Dictionary<string, DestinationConfig> { ["a"] = new() { Address = "https://upstream.test/", Health = "http://upstream.test:8080/" } },
        };
        var errors = new List<string>();
        Assert.Null(check.Cluster(cluster, errors));
        Assert.Contains("Destinations:a:Health is plain HTTP", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Cluster_AcceptAnyCertificateAndUnreadableCa_Refused()
    {
        File.WriteAllText(Path.Combine(directory, "empty.pem"), "");
        var cluster = new ClusterConfig
        {
            ClusterId = "c",
            HttpClient = new HttpClientConfig { DangerousAcceptAnyServerCertificate = true },
            Metadata = new Dictionary<string, string> { [RouteMetadata.UpstreamCaFile] = "empty.pem" },
            Destinations = new Dictionary<string, DestinationConfig> { ["a"] = new() { Address = "https://upstream.test/" } },
        };
        var errors = new List<string>();
        Assert.Null(check.Cluster(cluster, errors));
        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.Contains("DangerousAcceptAnyServerCertificate is refused", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("holds no certificate", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Filter_RefusedRoute_ThrowsEveryProblemAndAcceptedRouteKeepsItsSettings()
    {
        var routes = new FrontDoorRoutes(check, Microsoft.Extensions.Logging.Abstractions.NullLogger<FrontDoorRoutes>.Instance);
        var refused = new RouteConfig { RouteId = "open", ClusterId = "c" };
        var exception = await Assert.ThrowsAsync<ProxyConfigException>(() => routes.ConfigureRouteAsync(refused, null, CancellationToken.None).AsTask());
        Assert.Contains("has no authorization policy", Assert.Single(exception.Errors), StringComparison.Ordinal);
        Assert.Null(routes.For(refused));

        var accepted = new RouteConfig { RouteId = "orders", ClusterId = "c", Metadata = new Dictionary<string, string> { [RouteMetadata.Authorization] = RouteMetadata.AwsIam } };
        var returned = await routes.ConfigureRouteAsync(accepted, null, CancellationToken.None);
        Assert.Same(accepted, returned);
        Assert.Equal("orders", routes.For(accepted)!.RouteId);
    }

    [Fact]
    public void Unwrap_NestedYarpErrors_AllRefusalsInOneMessage()
    {
        var yarp = new InvalidOperationException("Unable to load or apply the proxy configuration.", new AggregateException(
            new InvalidOperationException("route a", new ProxyConfigException(["first"])),
            new InvalidOperationException("cluster b", new ProxyConfigException(["second", "third"]))));
        var message = ProxyConfigException.Unwrap(yarp)!.Message;
        Assert.Equal($"The front door's configuration is refused:{Environment.NewLine}  first{Environment.NewLine}  second{Environment.NewLine}  third", message);
        Assert.Null(ProxyConfigException.Unwrap(new InvalidOperationException("other")));
    }

    [Fact]
    public void Route_AllowAnonymousWithoutResourcePolicy_Refused()
    {
        Assert.Null(Route(new() { [RouteMetadata.Authorization] = RouteMetadata.AwsIam, [RouteMetadata.AllowAnonymous] = "true" }, out var errors));
        Assert.Contains("needs Metadata:SecureQueue.ResourcePolicyFile", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    public void Route_AllowAnonymousWithResourcePolicy_OptInKept(string flag, bool expected)
    {
        File.WriteAllText(Path.Combine(directory, "public.json"),
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"*"}]}""");
        var settings = Route(new()
        {
            [RouteMetadata.Authorization] = RouteMetadata.AwsIam, [RouteMetadata.AllowAnonymous] = flag, [RouteMetadata.ResourcePolicyFile] = "public.json",
        }, out var errors);
        Assert.Empty(errors);
        Assert.Equal(expected, settings!.AllowAnonymous);
    }

    [Fact]
    public void Route_AllowAnonymousNotABoolean_Refused()
    {
        Assert.Null(Route(new() { [RouteMetadata.Authorization] = RouteMetadata.AwsIam, [RouteMetadata.AllowAnonymous] = "yes" }, out var errors));
        Assert.Contains(errors, e => e.EndsWith("Metadata:SecureQueue.AllowAnonymous must be true or false.", StringComparison.Ordinal));
    }

    private RouteSettings? Route(Dictionary<string, string> metadata, out List<string> errors)
    {
        errors = [];
        return check.Route(new RouteConfig { RouteId = "orders", ClusterId = "orders-cluster", Metadata = metadata }, errors);
    }
}
