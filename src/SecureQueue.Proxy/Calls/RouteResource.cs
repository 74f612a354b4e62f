using Microsoft.AspNetCore.Http;
using SecureQueue.Proxy.Routes;

namespace SecureQueue.Proxy.Calls;

/// <summary>
/// A proxied request as an IAM resource, the way API Gateway names a method:
/// <c>arn:aws:execute-api:{region}:{account}:{routeId}/{stage}/{METHOD}/{path}</c>, so <c>…:orders/*/GET/orders/*</c> grants per segment.
/// </summary>
internal static class RouteResource
{
    public const string Action = "execute-api:Invoke";

    public static string Arn(string region, string accountId, RouteSettings route, HttpRequest request) =>
        Arn(region, accountId, route.RouteId, route.Stage, request.Method, request.Path.Value ?? "/");

    public static string Arn(string region, string accountId, string routeId, string stage, string method, string path) =>
        $"arn:aws:execute-api:{region}:{accountId}:{routeId}/{stage}/{method.ToUpperInvariant()}/{path.TrimStart('/')}";
}
