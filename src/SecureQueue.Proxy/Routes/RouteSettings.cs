using SecureQueue.Policies.Documents;

namespace SecureQueue.Proxy.Routes;

/// <summary>What the front door enforces on one YARP route, compiled once per configuration (never per request).</summary>
internal sealed record RouteSettings(string RouteId, string ClusterId, string Stage, PolicyDocument? ResourcePolicy, long MaxRequestBodyBytes)
{
    /// <summary>Requests per minute per principal; null for none.</summary>
    public int? PermitsPerMinute { get; init; }

    public bool ForwardAuthorization { get; init; }

    /// <summary>Requests without any credential are served as the anonymous principal (the route's resource policy decides).</summary>
    public bool AllowAnonymous { get; init; }

    /// <summary>Paths with an encoded slash or a backslash are forwarded (they are refused otherwise).</summary>
    public bool AllowEncodedSlashes { get; init; }
}

/// <summary>How the front door connects to one YARP cluster's destinations.</summary>
internal sealed record ClusterSettings(string ClusterId, bool AllowPlainHttp, string? UpstreamCaFile);
