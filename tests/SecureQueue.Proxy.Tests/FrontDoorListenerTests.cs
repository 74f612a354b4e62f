using Microsoft.Extensions.Configuration;

namespace SecureQueue.Proxy.Tests;

public sealed class FrontDoorListenerTests
{
    [Fact]
    public void Configure_ApiUrls_BecomeEndpointsBesideTheFrontDoor()
    {
        var configuration = Configuration(new() { ["urls"] = "https://0.0.0.0:8443;https://[::]:8443" });
        Assert.Equal(9443, FrontDoorListener.Configure(configuration, "https://0.0.0.0:9443"));
        Assert.Equal(
            ["https://0.0.0.0:8443", "https://[::]:8443", "https://0.0.0.0:9443"],
            configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]));
    }

    [Fact]
    public void Configure_KestrelEndpointsAlready_OnlyFrontDoorAdded()
    {
        var configuration = Configuration(new() { ["Kestrel:Endpoints:Api:Url"] = "https://*:8443", ["urls"] = "https://*:7000" });
        FrontDoorListener.Configure(configuration, "https://*:9443");
        Assert.Equal(["https://*:8443", "https://*:9443"], configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]));
    }

    [Theory]
    [InlineData("https://0.0.0.0:8443", "https://0.0.0.0:8443", "port no API listener uses")]
    [InlineData("https://0.0.0.0:8443", "https://0.0.0.0:0", "explicit port other than 0")]
    [InlineData("https://0.0.0.0:8443", "https://gateway.example", "explicit port other than 0")]
    [InlineData("https://0.0.0.0:8443", "ftp://0.0.0.0:21", "explicit port other than 0")]
    [InlineData("https://0.0.0.0:8443", "http://0.0.0.0:9080", "plain HTTP")]
    [InlineData("", "https://0.0.0.0:9443", "needs the API's own listeners")]
    public void Configure_UnsafeOrAmbiguous_Refused(string urls, string frontDoor, string expected)
    {
        var configuration = Configuration(new() { ["urls"] = urls });
        var refused = Assert.Throws<InvalidOperationException>(() => FrontDoorListener.Configure(configuration, frontDoor));
        Assert.Contains(expected, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Configure_PlainHttpAllowed_Accepted()
    {
        var configuration = Configuration(new() { ["urls"] = "http://127.0.0.1:8080", ["SecureQueue:AllowPlainHttp"] = "true" });
        Assert.Equal(9080, FrontDoorListener.Configure(configuration, "http://127.0.0.1:9080"));
    }

    private static ConfigurationManager Configuration(Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection(values);
        return configuration;
    }
}
