using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Security.Cryptography;
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
/// the gateway's assertion with <see cref="AssertionCheck"/> — and echoes WebSocket messages on <c>/ws</c>. A request
/// carrying <c>X-Test-Response-Bytes: N</c> is answered with N bytes instead, sent as fast as the gateway takes them.
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

    /// <summary>Every path a request reached this upstream with, so a test can show a refused request never got here.</summary>
    public ConcurrentQueue<string> Paths { get; } = new();

    /// <summary>Every query string a request reached this upstream with ("" for none).</summary>
    public ConcurrentQueue<string> Queries { get; } = new();

    /// <summary>
    /// Completed when a request carrying <c>X-Test-Signal: ID</c> has delivered its first <see cref="SignalBytes"/> body bytes:
    /// a client that waits for it before sending the rest proves the gateway streams the body instead of reading it first.
    /// </summary>
    public ConcurrentDictionary<string, TaskCompletionSource> Signals { get; } = new();

    public const int SignalBytes = 64 * 1024;

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

            upstream!.Paths.Enqueue(http.Request.Path.Value ?? "/");
            upstream.Queries.Enqueue(http.Request.QueryString.Value ?? "");
            if (long.TryParse(http.Request.Headers["X-Test-Response-Bytes"], out var responseBytes))
            {
                await WriteBytesAsync(http, responseBytes);
                return;
            }

            var (bodyBytes, bodySha256) = await ReadBodyAsync(http, upstream);
            var assertion = http.Request.Headers["X-SecureQueue-Assertion"].ToString();
            var (principal, token, error) = upstream!.Check is { } check ? await check.VerifyAsync(assertion) : (null, null, "no check");
            await http.Response.WriteAsJsonAsync(new Dictionary<string, object?>
            {
                ["upstream"] = name,
                ["method"] = http.Request.Method,
                ["path"] = http.Request.Path.Value,
                ["query"] = http.Request.QueryString.Value,
                ["bodyBytes"] = bodyBytes,
                ["bodySha256"] = bodySha256,
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

    private static async Task<(long Bytes, string Sha256)> ReadBodyAsync(HttpContext http, UpstreamApp upstream)
    {
        var signal = http.Request.Headers["X-Test-Signal"].ToString() is { Length: > 0 } id ? upstream.Signals.GetOrAdd(id, _ => new()) : null;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[16 * 1024];
        long total = 0;
        int read;
        while ((read = await http.Request.Body.ReadAsync(buffer)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            total += read;
            if (total >= SignalBytes)
            {
                signal?.TrySetResult();
            }
        }

        return (total, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    // A long body, so that a test can leave (or stop reading) while the gateway relays it; it stops when the gateway cancels.
    private static async Task WriteBytesAsync(HttpContext http, long length)
    {
        http.Response.ContentType = "application/octet-stream";
        var chunk = new byte[16 * 1024];
        try
        {
            for (long sent = 0; sent < length; sent += chunk.Length)
            {
                await http.Response.Body.WriteAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, length - sent)), http.RequestAborted);
            }
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
        }
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
