using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SecureQueue.Gateway;
using SecureQueue.Gateway.Calls;
using SecureQueue.Proxy.Assertions;
using SecureQueue.Proxy.Calls;
using SecureQueue.Proxy.Routes;
using SecureQueue.Proxy.Upstreams;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace SecureQueue.Proxy;

/// <summary>
/// The front door module: YARP routes and clusters from <c>ReverseProxy</c> (YARP's own schema), each request through the
/// gateway's call pipeline before YARP forwards it. Without a <c>ReverseProxy</c> section nothing is added.
/// </summary>
public static class FrontDoorHosting
{
    public const string Section = "ReverseProxy";

    /// <summary>Registers the front door after <c>AddSecureQueue</c> when <c>ReverseProxy</c> is configured.</summary>
    public static WebApplicationBuilder AddFrontDoor(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(Section);
        if (!section.Exists())
        {
            return builder;
        }

        var contentRoot = builder.Environment.ContentRootPath;
        var options = builder.Configuration.GetSection(FrontDoorOptions.Section).Get<FrontDoorOptions>() ?? new FrontDoorOptions();
        options.Validate();
        var services = builder.Services;
        if (!string.IsNullOrWhiteSpace(options.Url))
        {
            services.AddSingleton<MatcherPolicy>(new FrontDoorListenerPolicy(FrontDoorListener.Configure(builder.Configuration, options.Url)));
        }

        services.AddSingleton(sp => AssertionSigner.Load(options, contentRoot, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp =>
        {
            var gateway = sp.GetRequiredService<GatewayOptions>();
            return new ProxyConfigCheck(contentRoot, Path.GetFullPath(gateway.PoliciesDirectory, contentRoot), gateway.MaxRequestBytes);
        });
        services.AddSingleton<FrontDoorRoutes>();
        services.AddSingleton<PrincipalRateLimits>();
        services.AddSingleton<ForwardedAudits>();
        services.AddReverseProxy().LoadFromConfig(section);
        services.AddSingleton<IProxyConfigFilter>(sp => sp.GetRequiredService<FrontDoorRoutes>());
        services.Replace(ServiceDescriptor.Singleton<IForwarderHttpClientFactory>(new UpstreamClientFactory(contentRoot)));
        return builder;
    }

    /// <summary>
    /// Maps the assertion JWKS and the YARP routes after <c>MapSecureQueue</c>. A route or cluster the front door refuses
    /// stops start-up here, with every problem named.
    /// </summary>
    public static WebApplication MapFrontDoor(this WebApplication app)
    {
        if (!app.Configuration.GetSection(Section).Exists())
        {
            return app;
        }

        var signer = app.Services.GetRequiredService<AssertionSigner>();
        app.MapGet(AssertionSigner.JwksPath, (HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "max-age=300";
            return Results.Bytes(signer.Jwks, "application/json");
        }).WithDisplayName("Front door assertion keys (JWKS)").WithMetadata(AnyListenerMetadata.Instance);

        var pipeline = app.Services.GetRequiredService<CallPipeline>();
        try
        {
            app.MapReverseProxy(proxy =>
            {
                proxy.Use(next =>
                {
                    var protocol = new FrontDoorProtocol(
                        proxy.ApplicationServices.GetRequiredService<FrontDoorRoutes>(), signer, proxy.ApplicationServices.GetRequiredService<PrincipalRateLimits>(),
                        proxy.ApplicationServices.GetRequiredService<ForwardedAudits>(), proxy.ApplicationServices.GetRequiredService<GatewayOptions>(), next);
                    return http => pipeline.HandleAsync(http, protocol);
                });
                proxy.UseSessionAffinity();
                proxy.UseLoadBalancing();
                proxy.UsePassiveHealthChecks();
            });
        }
        catch (Exception exception) when (ProxyConfigException.Unwrap(exception) is { } refused)
        {
            throw refused;
        }

        if (!string.IsNullOrWhiteSpace(app.Configuration[$"{FrontDoorOptions.Section}:Url"]))
        {
            // On a listener of its own nothing else answers: a request no route matches is still identified and audited.
            var unmatched = new FrontDoorProtocol(
                app.Services.GetRequiredService<FrontDoorRoutes>(), signer, app.Services.GetRequiredService<PrincipalRateLimits>(),
                app.Services.GetRequiredService<ForwardedAudits>(), app.Services.GetRequiredService<GatewayOptions>(), _ => throw ProxyErrors.NoRoute());
            // Every path, "file-like" ones too (a scanner asks for /admin.php): MapFallback's default pattern would skip those.
            app.MapFallback("{**path}", http => pipeline.HandleAsync(http, unmatched))
                .WithDisplayName("Front door: no route matches").WithMetadata(UnmatchedRouteMetadata.Instance);
        }

        return app;
    }
}
