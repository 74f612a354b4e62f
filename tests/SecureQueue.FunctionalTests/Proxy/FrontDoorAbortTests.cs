using System.Net.Security;
using System.Text;
using SecureQueue.FunctionalTests.Infrastructure;

namespace SecureQueue.FunctionalTests.Proxy;

/// <summary>
/// Clients that fail their own side of a forwarded request — leaving mid-body, breaking its framing, leaving or stalling
/// mid-response — over raw TLS to the real gateway and upstream: each is audited once as <c>RequestAborted</c>, never as
/// the upstream's failure (<c>BadGateway</c>).
/// </summary>
public sealed class FrontDoorAbortTests(FrontDoorFixture fixture) : IClassFixture<FrontDoorFixture>
{
    /// <summary>More than every buffer between upstream and client holds, so the gateway is still relaying when the client fails.</summary>
    private const long ResponseBytes = 256L * 1024 * 1024;

    private const string AbortedMessage = "The client closed the connection.";

    [Fact]
    public async Task RequestBody_ClientLeavesMidBody_AuditedOnceAsAbortedNotBadGateway()
    {
        // YARP reports this as RequestBodyClient, RequestBodyCanceled or RequestCanceled, depending on whether Kestrel signals
        // the connection's abort before or after the body's early end reaches YARP. A single client gets RequestCanceled about
        // half the time, which would hide a mapping that missed the other two, so several leave.
        var agents = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            // 1,000 bytes announced, a few sent, then the connection closed.
            var (tls, agent) = await StartUploadAsync("Content-Length: 1000", "first bytes");
            await tls.DisposeAsync();
            agents.Add(agent);
        }

        foreach (var agent in agents)
        {
            await AssertAbortedOnceAsync(agent);
        }
    }

    [Fact]
    public async Task RequestBody_BrokenChunkedFraming_AnsweredAndAuditedAsAbortedNotBadGateway()
    {
        var (tls, agent) = await StartUploadAsync("Transfer-Encoding: chunked", "5\r\nfirst\r\n");
        await using (tls)
        {
            // Still connected, the client sends a chunk size that is not hexadecimal (YARP: RequestBodyClient, as for a client that left).
            await WriteAsync(tls, "zz\r\n");
            var head = await ReadHeadAsync(tls);
            Assert.StartsWith("HTTP/1.1 499 ", head, StringComparison.Ordinal);
            Assert.Contains("\r\nx-amzn-ErrorType: RequestAborted\r\n", head, StringComparison.Ordinal);
        }

        await AssertAbortedOnceAsync(agent);
    }

    [Fact]
    public async Task ResponseBody_ClientLeaves_AuditedOnceAsAborted()
    {
        var agent = $"secq-left-{Guid.NewGuid():N}";
        using (var tls = await RawTls.ConnectAsync(fixture.Gateway.Endpoint, fixture.Files.CaFile))
        {
            await WriteAsync(tls, $"GET /public/left-{Guid.NewGuid():N} HTTP/1.1\r\nHost: localhost\r\nUser-Agent: {agent}\r\nX-Test-Response-Bytes: {ResponseBytes}\r\n\r\n");
            await ReadResponseStartAsync(tls);
        }

        // YARP: ResponseBodyCanceled.
        await AssertAbortedOnceAsync(agent);
    }

    [Fact]
    public async Task ResponseBody_ClientStopsReading_AuditedOnceAsAbortedNotBadGateway()
    {
        // A gateway whose orders cluster gives up after 3 s without progress (not YARP's 100 s), time enough to connect to the
        // upstream on a busy machine, so that a stalled client is given up on within the test's deadline.
        var settings = new Dictionary<string, string?>(fixture.Settings) { ["ReverseProxy:Clusters:orders:HttpRequest:ActivityTimeout"] = "00:00:03" };
        await using var gateway = await fixture.StartAnotherAsync("stalled-reader", settings);
        var agent = $"secq-stalled-{Guid.NewGuid():N}";
        using var tls = await RawTls.ConnectAsync(gateway.Endpoint, fixture.Files.CaFile);
        await WriteAsync(tls, $"GET /public/stalled-{Guid.NewGuid():N} HTTP/1.1\r\nHost: localhost\r\nUser-Agent: {agent}\r\nX-Test-Response-Bytes: {ResponseBytes}\r\n\r\n");
        await ReadResponseStartAsync(tls);

        // Connected but reading no more: the gateway's writes to it stall until the activity timeout (YARP: ResponseBodyClient).
        await AssertAbortedOnceAsync(agent);
    }

    /// <summary>
    /// Starts a streamed upload on the <c>stream</c> route (anonymous, so nothing reads the body before YARP does) with its
    /// framing header and first bytes, and waits until the upstream has the request: YARP is then copying the body.
    /// </summary>
    private async Task<(SslStream Tls, string Agent)> StartUploadAsync(string framing, string firstBytes)
    {
        var id = Guid.NewGuid().ToString("N");
        var (path, agent) = ($"/stream/upload-{id}", $"secq-upload-{id}");
        var tls = await RawTls.ConnectAsync(fixture.Gateway.Endpoint, fixture.Files.CaFile);
        await WriteAsync(tls, $"POST {path} HTTP/1.1\r\nHost: localhost\r\nUser-Agent: {agent}\r\nContent-Type: application/octet-stream\r\n{framing}\r\n\r\n{firstBytes}");
        await Eventually.HoldsAsync(() => Task.FromResult(fixture.Orders.Paths.Contains(path)), "the upstream never got the request");
        return (tls, agent);
    }

    private static async Task WriteAsync(SslStream tls, string text)
    {
        await tls.WriteAsync(Encoding.ASCII.GetBytes(text));
        await tls.FlushAsync();
    }

    /// <summary>Reads up to the end of the response head (and whatever came with it), failing past a deadline.</summary>
    private static async Task<string> ReadHeadAsync(SslStream tls)
    {
        var buffer = new byte[16 * 1024];
        var received = new StringBuilder();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!received.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await tls.ReadAsync(buffer, deadline.Token);
            Assert.True(read > 0, $"the connection ended before a response head: {received}");
            received.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        return received.ToString();
    }

    /// <summary>Reads a 200 response's head and its first 256 KiB or so: the gateway is then relaying the upstream's body.</summary>
    private static async Task ReadResponseStartAsync(SslStream tls)
    {
        var head = await ReadHeadAsync(tls);
        Assert.StartsWith("HTTP/1.1 200 ", head, StringComparison.Ordinal);
        var buffer = new byte[64 * 1024];
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        for (long total = head.Length; total < 256 * 1024;)
        {
            var read = await tls.ReadAsync(buffer, deadline.Token);
            Assert.True(read > 0, $"the response ended after {total} bytes");
            total += read;
        }
    }

    /// <summary>Waits for the event of the request sent as <paramref name="agent"/>, then checks it is the only one and aborted.</summary>
    private async Task AssertAbortedOnceAsync(string agent)
    {
        var where = $"from events where user_agent = '{agent}'";
        await Eventually.HoldsAsync(async () => await fixture.Database.ScalarAsync<long>("select count(*) " + where) > 0, $"no event for {agent}");
        var recorded = await fixture.Database.RowsAsync("select error_code, data ->> 'errorMessage' " + where);
        var row = Assert.Single(recorded);
        Assert.Equal(("RequestAborted", AbortedMessage), ((string?)row[0], (string?)row[1]));
    }
}
