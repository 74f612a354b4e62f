using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Matching;
using Microsoft.Extensions.Configuration;
using Yarp.ReverseProxy.Model;

namespace SecureQueue.Proxy;

/// <summary>
/// The front door's own listener (<c>SecureQueue:FrontDoor:Url</c>): one more Kestrel endpoint of the gateway's server, so it
/// has the same TLS certificate, protocols and client-certificate rules as the API listeners and the same plain-HTTP refusal.
/// Requests are told apart by the local port they arrived on: the front door's routes answer only there and every other
/// endpoint (SQS, CloudTrail, STS) only elsewhere. Without a Url the front door shares the API listeners.
/// </summary>
internal static class FrontDoorListener
{
    /// <summary>The Kestrel endpoint names this adds; Kestrel binds configured endpoints in name order, so the API's come first.</summary>
    public const string EndpointName = "SecureQueueFrontDoor";
    public const string ApiEndpointPrefix = "SecureQueueApi";

    /// <summary>
    /// Adds the front door's endpoint to <c>Kestrel:Endpoints</c>. Kestrel ignores <c>urls</c> once any endpoint is configured, so
    /// the API listeners named by <c>urls</c> (also ASPNETCORE_URLS and --urls) become endpoints too. Returns the front door's port.
    /// </summary>
    public static int Configure(IConfigurationManager configuration, string url)
    {
        var address = Parse(url, configuration.GetValue<bool>("SecureQueue:AllowPlainHttp"));
        var existing = configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"] ?? string.Empty).ToList();
        var apiUrls = existing.Count > 0
            ? existing
            : (configuration["urls"] ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        if (apiUrls.Count == 0)
        {
            throw new InvalidOperationException(
                $"{FrontDoorOptions.Section}:Url needs the API's own listeners named in urls or Kestrel:Endpoints (Kestrel's default listener is not added beside it).");
        }

        if (apiUrls.Any(u => PortOf(u) == address.Port))
        {
            throw new InvalidOperationException($"{FrontDoorOptions.Section}:Url must use a port no API listener uses ({address.Port}): requests are told apart by port.");
        }

        var added = new Dictionary<string, string?> { [$"Kestrel:Endpoints:{EndpointName}:Url"] = url };
        if (existing.Count == 0)
        {
            for (var i = 0; i < apiUrls.Count; i++)
            {
                added[$"Kestrel:Endpoints:{ApiEndpointPrefix}{i.ToString(CultureInfo.InvariantCulture)}:Url"] = apiUrls[i];
            }
        }

        configuration.AddInMemoryCollection(added);
        return address.Port;
    }

    private static (string Scheme, int Port) Parse(string url, bool allowPlainHttp)
    {
        var scheme = url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? "https"
            : url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? "http"
            : null;
        var port = PortOf(url) ?? 0;
        if (scheme is null || port is <= 0 or > 65535)
        {
            throw new InvalidOperationException($"{FrontDoorOptions.Section}:Url must be https://HOST:PORT with an explicit port other than 0, not '{url}'.");
        }

        if (scheme == "http" && !allowPlainHttp)
        {
            throw new InvalidOperationException($"{FrontDoorOptions.Section}:Url is plain HTTP; set SecureQueue:AllowPlainHttp=true to allow it, or use https://.");
        }

        return (scheme, port);
    }

    private static int? PortOf(string? url)
    {
        var colon = url?.LastIndexOf(':') ?? -1;
        return colon > 0 && int.TryParse(url![(colon + 1)..].TrimEnd('/'), NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : null;
    }
}

/// <summary>Endpoint metadata: answered on every listener (the assertion JWKS, which upstreams may fetch from either).</summary>
internal sealed class AnyListenerMetadata
{
    public static readonly AnyListenerMetadata Instance = new();
}

/// <summary>Endpoint metadata: the front door listener's own fallback, for requests no route matches (audited, 404).</summary>
internal sealed class UnmatchedRouteMetadata
{
    public static readonly UnmatchedRouteMetadata Instance = new();
}

/// <summary>
/// With a front door listener of its own, a YARP route (or the listener's fallback) is a candidate only for requests that
/// arrived on its port, and every other endpoint only for requests that did not: the SQS API never answers on the front
/// door's listener, nor a route on the API's.
/// </summary>
internal sealed class FrontDoorListenerPolicy(int port) : MatcherPolicy, IEndpointSelectorPolicy
{
    // First of all policies, so an endpoint of the other listener never answers 405 or takes part in any later choice.
    public override int Order => -2000;

    public bool AppliesToEndpoints(IReadOnlyList<Endpoint> endpoints) => true;

    public Task ApplyAsync(HttpContext httpContext, CandidateSet candidates)
    {
        var onFrontDoor = httpContext.Connection.LocalPort == port;
        for (var i = 0; i < candidates.Count; i++)
        {
            var metadata = candidates[i].Endpoint.Metadata;
            if (candidates.IsValidCandidate(i) && metadata.GetMetadata<AnyListenerMetadata>() is null
                && (metadata.GetMetadata<RouteModel>() is not null || metadata.GetMetadata<UnmatchedRouteMetadata>() is not null) != onFrontDoor)
            {
                candidates.SetValidity(i, false);
            }
        }

        return Task.CompletedTask;
    }
}
