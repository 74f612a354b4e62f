using System.Net;
using SecureQueue.Gateway.Telemetry;

namespace SecureQueue.Gateway.Tests.Telemetry;

public sealed class OpsOptionsTests
{
    [Theory]
    [InlineData("http://127.0.0.1:9464", "127.0.0.1", false)]
    [InlineData("http://localhost:9464", "127.0.0.1", false)]
    [InlineData("http://[::1]:9464", "::1", false)]
    [InlineData("https://0.0.0.0:9464", "0.0.0.0", true)]
    [InlineData("https://10.1.2.3:9464", "10.1.2.3", true)]
    public void Validate_LoopbackOrTls_IsAccepted(string url, string address, bool tls)
    {
        var bound = new OpsOptions { Url = url }.Validate();

        Assert.Equal(IPAddress.Parse(address), bound.Address);
        Assert.Equal(9464, bound.Port);
        Assert.Equal(tls, bound.Tls);
    }

    [Theory]
    [InlineData("http://0.0.0.0:9464")]
    [InlineData("http://[::]:9464")]
    [InlineData("http://10.1.2.3:9464")]
    public void Validate_PlainHttpOffLoopback_Throws(string url)
    {
        var error = Assert.Throws<InvalidOperationException>(() => new OpsOptions { Url = url }.Validate());

        Assert.StartsWith($"SecureQueue:Ops:Url {url} is not a loopback address", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_PlainHttpOffLoopbackWithOptIn_IsAccepted() =>
        Assert.False(new OpsOptions { Url = "http://0.0.0.0:9464", AllowRemote = true }.Validate().Tls);

    [Theory]
    [InlineData("http://metrics.internal:9464", "must name an IP address or localhost")]
    [InlineData("ftp://127.0.0.1:9464", "must look like http://127.0.0.1:9464")]
    [InlineData("http://127.0.0.1:9464/metrics", "must look like http://127.0.0.1:9464")]
    [InlineData("127.0.0.1:9464", "must look like http://127.0.0.1:9464")]
    public void Validate_Malformed_ThrowsNamingTheSetting(string url, string expected)
    {
        var error = Assert.Throws<InvalidOperationException>(() => new OpsOptions { Url = url }.Validate());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("SecureQueue:Ops:Url", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BadBoundsAndOtlp_Throw()
    {
        Assert.Throws<InvalidOperationException>(() => new OpsOptions { MaxSealingLagSeconds = 0 }.Validate());
        Assert.Throws<InvalidOperationException>(() => new OpsOptions { QueueDepthIntervalSeconds = 0 }.Validate());
        Assert.Throws<InvalidOperationException>(() => new OpsOptions { OtlpEndpoint = "collector:4317" }.Validate());
    }
}
