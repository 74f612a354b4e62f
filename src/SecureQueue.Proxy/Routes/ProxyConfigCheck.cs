using System.Globalization;
using System.Security.Cryptography;
using SecureQueue.Policies.Documents;
using Yarp.ReverseProxy.Configuration;

namespace SecureQueue.Proxy.Routes;

/// <summary>
/// Checks YARP routes and clusters against the front door's rules and compiles their settings, collecting every problem
/// of a configuration in one pass. Used at start-up (a problem stops the gateway) and on each reload (YARP keeps the
/// previous configuration).
/// </summary>
internal sealed class ProxyConfigCheck(string contentRoot, string policiesDirectory, long defaultMaxRequestBodyBytes)
{
    public RouteSettings? Route(RouteConfig route, List<string> errors)
    {
        var where = $"ReverseProxy:Routes:{route.RouteId}";
        var metadata = route.Metadata ?? new Dictionary<string, string>();
        var before = errors.Count;
        if (!metadata.TryGetValue(RouteMetadata.Authorization, out var authorization) || authorization != RouteMetadata.AwsIam)
        {
            errors.Add($"{where} has no authorization policy: set Metadata:{RouteMetadata.Authorization} to {RouteMetadata.AwsIam} " +
                "(YARP routes are open by default; the front door refuses to serve one that is not authorized).");
        }

        if (!string.IsNullOrEmpty(route.AuthorizationPolicy))
        {
            errors.Add($"{where}:AuthorizationPolicy names an ASP.NET Core policy, which the front door does not run; remove it (the gateway's policies decide).");
        }

        var stage = metadata.GetValueOrDefault(RouteMetadata.Stage) ?? "$default";
        if (stage.Length is 0 or > 128 || stage.Contains('/', StringComparison.Ordinal) || stage.Contains('*', StringComparison.Ordinal))
        {
            errors.Add($"{where}:Metadata:{RouteMetadata.Stage} must be 1 to 128 characters without '/' or '*'.");
        }

        var maxBody = Number(metadata, RouteMetadata.MaxRequestBodyBytes, where, errors) ?? defaultMaxRequestBodyBytes;
        var permits = Number(metadata, RouteMetadata.PermitsPerMinute, where, errors);
        if (permits > int.MaxValue)
        {
            errors.Add($"{where}:Metadata:{RouteMetadata.PermitsPerMinute} is too large.");
        }

        var forward = Flag(metadata, RouteMetadata.ForwardAuthorization, where, errors);
        var policyFile = metadata.GetValueOrDefault(RouteMetadata.ResourcePolicyFile);
        var policy = policyFile is { Length: > 0 } ? ResourcePolicy(policyFile, where, errors) : null;
        var anonymous = Flag(metadata, RouteMetadata.AllowAnonymous, where, errors);
        if (anonymous && string.IsNullOrEmpty(policyFile))
        {
            errors.Add($"{where}:Metadata:{RouteMetadata.AllowAnonymous} needs Metadata:{RouteMetadata.ResourcePolicyFile}: only a route resource policy " +
                "statement with \"Principal\": \"*\" can allow a caller without credentials.");
        }

        var encodedSlashes = Flag(metadata, RouteMetadata.AllowEncodedSlashes, where, errors);
        return errors.Count > before
            ? null
            : new RouteSettings(route.RouteId, route.ClusterId ?? string.Empty, stage, policy, maxBody)
            {
                PermitsPerMinute = (int?)permits, ForwardAuthorization = forward, AllowAnonymous = anonymous, AllowEncodedSlashes = encodedSlashes,
            };
    }

    public ClusterSettings? Cluster(ClusterConfig cluster, List<string> errors)
    {
        var where = $"ReverseProxy:Clusters:{cluster.ClusterId}";
        var metadata = cluster.Metadata ?? new Dictionary<string, string>();
        var before = errors.Count;
        var plainHttp = Flag(metadata, RouteMetadata.AllowPlainHttp, where, errors);
        var addresses = (cluster.Destinations ?? new Dictionary<string, DestinationConfig>())
            .SelectMany(d => new[] { (d.Key, d.Value.Address), (d.Key + ":Health", d.Value.Health) });
        foreach (var (name, address) in addresses)
        {
            if (string.IsNullOrEmpty(address))
            {
                continue;
            }

            var scheme = Uri.TryCreate(address, UriKind.Absolute, out var uri) ? uri.Scheme : null;
            if (scheme == Uri.UriSchemeHttp && !plainHttp)
            {
                errors.Add($"{where}:Destinations:{name} is plain HTTP: set Metadata:{RouteMetadata.AllowPlainHttp} to true for this cluster to allow it " +
                    "(requests and identity assertions then cross the network in clear), or use https://.");
            }
            else if (scheme is not (UriSchemeHttps or "http"))
            {
                errors.Add($"{where}:Destinations:{name} must be an absolute https:// address.");
            }
        }

        if (cluster.HttpClient?.DangerousAcceptAnyServerCertificate == true)
        {
            errors.Add($"{where}:HttpClient:DangerousAcceptAnyServerCertificate is refused: give the upstream's CA in Metadata:{RouteMetadata.UpstreamCaFile} instead.");
        }

        var caFile = metadata.GetValueOrDefault(RouteMetadata.UpstreamCaFile) is { Length: > 0 } ca ? Path.GetFullPath(ca, contentRoot) : null;
        if (caFile is not null)
        {
            try
            {
                if (Upstreams.UpstreamTrust.Load(caFile).Count == 0)
                {
                    errors.Add($"{where}:Metadata:{RouteMetadata.UpstreamCaFile} ('{caFile}') holds no certificate.");
                }
            }
            catch (Exception exception) when (exception is IOException or CryptographicException or UnauthorizedAccessException)
            {
                errors.Add($"{where}:Metadata:{RouteMetadata.UpstreamCaFile} ('{caFile}') could not be read: {exception.Message}");
            }
        }

        var encodedSlashes = Flag(metadata, RouteMetadata.AllowEncodedSlashes, where, errors);
        return errors.Count > before ? null : new ClusterSettings(cluster.ClusterId, plainHttp, caFile);
    }

    private const string UriSchemeHttps = "https";

    private PolicyDocument? ResourcePolicy(string file, string where, List<string> errors)
    {
        var path = Path.GetFullPath(file, policiesDirectory);
        if (!File.Exists(path))
        {
            errors.Add($"{where}:Metadata:{RouteMetadata.ResourcePolicyFile}: '{path}' does not exist.");
            return null;
        }

        var result = PolicyDocument.Parse(File.ReadAllText(path), path, PolicyKind.Resource);
        if (result.Document is null)
        {
            errors.Add($"{where}:Metadata:{RouteMetadata.ResourcePolicyFile}: '{path}' is invalid: " +
                string.Join("; ", result.Errors.Take(5).Select(e => $"line {e.Line}, column {e.Column}: {e.Code}")));
        }

        return result.Document;
    }

    private static long? Number(IReadOnlyDictionary<string, string> metadata, string key, string where, List<string> errors)
    {
        if (!metadata.TryGetValue(key, out var text))
        {
            return null;
        }

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0)
        {
            return value;
        }

        errors.Add($"{where}:Metadata:{key} must be a positive whole number.");
        return null;
    }

    private static bool Flag(IReadOnlyDictionary<string, string> metadata, string key, string where, List<string> errors)
    {
        if (!metadata.TryGetValue(key, out var text))
        {
            return false;
        }

        if (bool.TryParse(text, out var value))
        {
            return value;
        }

        errors.Add($"{where}:Metadata:{key} must be true or false.");
        return false;
    }
}
