using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using SecureQueue.Gateway.Health;

namespace SecureQueue.Gateway.Telemetry;

/// <summary>
/// A small server of its own for <c>/metrics</c>, <c>/healthz</c> and <c>/readyz</c>: apart from the API listeners, so
/// the API's routes (every path is a queue URL), its plain-HTTP refusal and its TLS client-certificate rules stay
/// as they are, and the ops address can be firewalled on its own. It shares the gateway's meters and health checks.
/// </summary>
public sealed class OpsListener(OpsAddress address, X509Certificate2 certificate, IServiceProvider gateway) : IHostedService, IAsyncDisposable
{
    private WebApplication? app;

    /// <summary>The address bound (with the port chosen, when port 0 was asked for); null before start.</summary>
    public Uri? Address { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().UseKestrelHttpsConfiguration().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(address.Address, address.Port, listen =>
            {
                if (address.Tls)
                {
                    listen.UseHttps(certificate, https => https.SslProtocols = GatewayTls.Protocols);
                }
            });
        });
        builder.Services.AddRouting();
        // The gateway's host owns the process (signals, start and stop messages); this server only follows it.
        builder.Services.AddSingleton<IHostLifetime, FollowingLifetime>();
        builder.Services.AddSingleton(gateway.GetRequiredService<ILoggerFactory>());
        builder.Services.AddSingleton(gateway.GetRequiredService<HealthCheckService>());
        app = builder.Build();
        app.MapPrometheusScrapingEndpoint("/metrics", gateway.GetRequiredService<MeterProvider>(), null, null).ReadOnly();
        app.MapGatewayHealth();
        await app.StartAsync(cancellationToken);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Address = new Uri(bound.Replace("[::]", "localhost", StringComparison.Ordinal));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (app is not null)
        {
            await app.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }

    private sealed class FollowingLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
