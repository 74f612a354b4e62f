using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SecureQueue.Gateway.Hosting;

/// <summary>
/// Plain-HTTP listeners are refused unless <c>SecureQueue:AllowPlainHttp</c> is true. Kestrel takes listeners from
/// several places and only it knows the outcome, so the refusal happens three times: before binding, from every
/// configuration source (nothing binds at all); after binding, from the addresses Kestrel reports (this also
/// catches <c>Listen</c> calls in code and Kestrel's own default, http://localhost:5000); and per request for the
/// moment between binding and that check, so no plain-HTTP call is ever served.
/// </summary>
internal sealed partial class PlainHttpListeners(IServer server, GatewayOptions options, ILogger<PlainHttpListeners> logger) : IHostedLifecycleService
{
    private const string Remedy = "set SecureQueue:AllowPlainHttp=true to allow it (its calls have aws:SecureTransport false), or listen on https:// only";

    /// <summary>Refuses a plain-HTTP listener that configuration asks for, unless plain HTTP is allowed.</summary>
    public static void CheckConfiguration(IConfiguration configuration, GatewayOptions options)
    {
        if (!options.AllowPlainHttp)
        {
            Refuse(Configured(configuration), "configured");
        }
    }

    /// <summary>
    /// The listeners configuration asks for, in Kestrel's order of precedence: endpoints, then urls, then ports. urls (also
    /// ASPNETCORE_URLS, DOTNET_URLS, --urls) is listed even when endpoints override it: an operator who asked for plain HTTP is refused.
    /// </summary>
    public static IReadOnlyList<string> Configured(IConfiguration configuration)
    {
        var endpoints = configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"] ?? string.Empty).ToList();
        var urls = Split(configuration["urls"]);
        // The ports variables (ASPNETCORE_HTTP_PORTS, set by Microsoft's container images) apply only when nothing else names a listener.
        var ports = endpoints.Count == 0 && urls.Count == 0 ? Split(configuration["http_ports"]).Select(p => $"http://*:{p}") : [];
        return [.. endpoints.Concat(urls).Concat(ports)];
    }

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        if (!options.AllowPlainHttp)
        {
            var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses
                ?? throw new InvalidOperationException("The server does not report its listeners, so plain HTTP cannot be ruled out; " + Remedy + ".");
            Refuse(addresses, "bound");
        }

        return Task.CompletedTask;
    }

    /// <summary>Drops a plain-HTTP request that arrives before <see cref="StartedAsync"/> has stopped the host.</summary>
    public Task GuardAsync(HttpContext context, RequestDelegate next)
    {
        if (options.AllowPlainHttp || context.Request.IsHttps)
        {
            return next(context);
        }

        PlainHttpRequestDropped(logger, context.Connection.LocalPort);
        context.Abort();
        return Task.CompletedTask;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static List<string> Split(string? value) =>
        [.. (value ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static void Refuse(IEnumerable<string> listeners, string how)
    {
        var plain = listeners.Where(l => l.StartsWith("http://", StringComparison.OrdinalIgnoreCase)).ToList();
        if (plain.Count > 0)
        {
            throw new InvalidOperationException($"A plain-HTTP listener is {how} ({string.Join(", ", plain)}); {Remedy}.");
        }
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "Dropped a plain-HTTP request on port {Port}: plain HTTP is not allowed")]
    private static partial void PlainHttpRequestDropped(ILogger logger, int port);
}
