using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using SecureQueue.FunctionalTests.Infrastructure;

namespace SecureQueue.FunctionalTests.Proxy;

/// <summary>
/// A real upstream service behind the front door: Kestrel over HTTPS (the test CA's localhost certificate) or plain HTTP.
/// It answers every request with what it received — identity headers, the forwarded-for chain and the result of verifying
/// the gateway's assertion with <see cref="AssertionCheck"/> — and echoes WebSocket messages on <c>/ws</c>.
/// </summary>
public sealed class UpstreamApp : IAsyncDisposable
{
    private readonly WebApplication app;

    private UpstreamApp(WebApplication app, Uri address)
    {
        this.app = app;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>How this upstream verifies assertions; set once the gateway (and so its JWKS) is up.</summary>
    public AssertionCheck? Check { get; set; }

    public static async Task<UpstreamApp> StartAsync(string name, GatewayFiles files, bool https)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0, listen =>
        {
            if (https)
            {
                listen.UseHttps(System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPemFile(files.ServerCertificateFile, files.ServerKeyFile));
            }
        }));
        var app = builder.Build();
        UpstreamApp? upstream = null;
        app.UseWebSockets();
        app.MapGet("/health", () => Results.Text("ok"));
        app.Map("/{**path}", async http =>
        {
            if (http.WebSockets.IsWebSocketRequest)
            {
                await EchoAsync(http, upstream!);
                return;
            }

            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body);
            var assertion = http.Request.Headers["X-SecureQueue-Assertion"].ToString();
            var (principal, token, error) = upstream!.Check is { } check ? await check.VerifyAsync(assertion) : (null, null, "no check");
            await http.Response.WriteAsJsonAsync(new Dictionary<string, object?>
            {
                ["upstream"] = name,
                ["method"] = http.Request.Method,
                ["path"] = http.Request.Path.Value,
                ["bodyBytes"] = body.Length,
                ["principal"] = principal,
                ["audience"] = token?.Audiences.SingleOrDefault(),
                ["route"] = token?.TryGetPayloadValue<string>("secq:route", out var route) == true ? route : null,
                ["assertionError"] = error,
                ["authorization"] = http.Request.Headers.Authorization.ToString(),
                ["clientCert"] = http.Request.Headers["X-Forwarded-Client-Cert"].ToString(),
                ["forwardedFor"] = http.Request.Headers["X-Forwarded-For"].ToString(),
                ["forwardedUser"] = http.Request.Headers["X-Forwarded-User"].ToString(),
            });
        });
        await app.StartAsync();
        upstream = new UpstreamApp(app, new Uri($"{(https ? "https" : "http")}://localhost:{GatewayInstance.BoundAddress(app).Port}/"));
        return upstream;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    // Echoes each message back, prefixed with the principal the upgrade request's assertion named.
    private static async Task EchoAsync(HttpContext http, UpstreamApp upstream)
    {
        var (principal, _, _) = upstream.Check is { } check ? await check.VerifyAsync(http.Request.Headers["X-SecureQueue-Assertion"].ToString()) : (null, null, null);
        using var socket = await http.WebSockets.AcceptWebSocketAsync();
        var buffer = new byte[4096];
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, CancellationToken.None);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                return;
            }

            var reply = JsonSerializer.SerializeToUtf8Bytes(new { principal, echo = System.Text.Encoding.UTF8.GetString(buffer, 0, received.Count) });
            await socket.SendAsync(reply, WebSocketMessageType.Text, true, CancellationToken.None);
        }
    }
}
