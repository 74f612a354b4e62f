using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Configuration;

namespace SecureQueue.Proxy.Routes;

/// <summary>
/// YARP's configuration filter: every route and cluster passes <see cref="ProxyConfigCheck"/> before YARP uses it, at
/// start-up and on every reload, and each accepted route's compiled settings are kept beside YARP's own route object.
/// </summary>
internal sealed partial class FrontDoorRoutes(ProxyConfigCheck check, ILogger<FrontDoorRoutes> logger) : IProxyConfigFilter
{
    private readonly ConditionalWeakTable<RouteConfig, RouteSettings> routes = [];

    /// <summary>The settings of a route YARP matched; null only for a route this filter never accepted (then nothing is forwarded).</summary>
    public RouteSettings? For(RouteConfig route) => routes.TryGetValue(route, out var settings) ? settings : null;

    public ValueTask<ClusterConfig> ConfigureClusterAsync(ClusterConfig cluster, CancellationToken cancel)
    {
        var errors = new List<string>();
        check.Cluster(cluster, errors);
        ThrowIfAny(errors);
        return ValueTask.FromResult(cluster);
    }

    public ValueTask<RouteConfig> ConfigureRouteAsync(RouteConfig route, ClusterConfig? cluster, CancellationToken cancel)
    {
        var errors = new List<string>();
        var settings = check.Route(route, errors);
        ThrowIfAny(errors);
        routes.AddOrUpdate(route, settings!);
        return ValueTask.FromResult(route);
    }

    private void ThrowIfAny(List<string> errors)
    {
        if (errors.Count > 0)
        {
            // On a reload YARP keeps the routes in force and logs only a generic failure, so the reason is logged here.
            LogRefused(logger, string.Join(" ", errors));
            throw new ProxyConfigException(errors);
        }
    }

    [LoggerMessage(EventId = 7001, Level = LogLevel.Error, Message = "The front door refused a route or cluster; the routes in force stay unchanged: {Errors}")]
    private static partial void LogRefused(ILogger logger, string errors);
}

/// <summary>A route or cluster the front door refuses; YARP collects these per route and cluster.</summary>
internal sealed class ProxyConfigException(IReadOnlyList<string> errors) : InvalidOperationException(string.Join(Environment.NewLine, errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;

    /// <summary>Every refusal inside what YARP threw at start-up (it wraps them per route and cluster), or null when there is none.</summary>
    public static InvalidOperationException? Unwrap(Exception exception)
    {
        var found = new List<string>();
        Collect(exception, found);
        return found.Count == 0
            ? null
            : new InvalidOperationException("The front door's configuration is refused:" + Environment.NewLine + string.Join(Environment.NewLine, found.Select(e => "  " + e)), exception);
    }

    private static void Collect(Exception? exception, List<string> found)
    {
        switch (exception)
        {
            case ProxyConfigException refused:
                found.AddRange(refused.Errors);
                break;
            case AggregateException aggregate:
                foreach (var inner in aggregate.InnerExceptions)
                {
                    Collect(inner, found);
                }

                break;
            case { InnerException: { } inner }:
                Collect(inner, found);
                break;
        }
    }
}
