namespace SecureQueue.Proxy.Routes;

/// <summary>
/// The keys SecureQueue reads from YARP's own <c>Metadata</c> of a route or cluster, so routes and clusters stay in YARP's
/// configuration schema. Only <see cref="Authorization"/> is required: YARP's default is open, ours is deny.
/// </summary>
internal static class RouteMetadata
{
    /// <summary>Route: must be <see cref="AwsIam"/>; a route without it is refused at start-up.</summary>
    public const string Authorization = "SecureQueue.Authorization";

    /// <summary>The only authorization a route can have: the gateway's credentials and policies (API Gateway's name for it).</summary>
    public const string AwsIam = "AWS_IAM";

    /// <summary>Route: a resource policy file (API Gateway's resource policy), relative to the policies directory.</summary>
    public const string ResourcePolicyFile = "SecureQueue.ResourcePolicyFile";

    /// <summary>Route: the stage segment of the route's resource ARNs; <c>$default</c> when unset, as HTTP APIs name it.</summary>
    public const string Stage = "SecureQueue.Stage";

    /// <summary>Route: largest request body in bytes; the gateway's <c>MaxRequestBytes</c> when unset.</summary>
    public const string MaxRequestBodyBytes = "SecureQueue.MaxRequestBodyBytes";

    /// <summary>Route: requests per minute each principal may make on the route; unlimited when unset.</summary>
    public const string PermitsPerMinute = "SecureQueue.PermitsPerMinute";

    /// <summary>Route: <c>true</c> passes the caller's <c>Authorization</c> header upstream (it is stripped otherwise).</summary>
    public const string ForwardAuthorization = "SecureQueue.ForwardAuthorization";

    /// <summary>
    /// Route: <c>true</c> serves requests that carry no credential at all as the anonymous principal, which only a statement
    /// of the route's resource policy with <c>"Principal": "*"</c> can allow (so the route must have one). Off by default.
    /// </summary>
    public const string AllowAnonymous = "SecureQueue.AllowAnonymous";

    /// <summary>
    /// Route: <c>true</c> forwards paths that hold an encoded slash (<c>%2F</c>) or a backslash, which an upstream may read as
    /// a separator the route's resource ARN does not show (so a Deny on <c>/admin/*</c> would not see <c>/admin%2Fusers</c>).
    /// Refused with 400 by default.
    /// </summary>
    public const string AllowEncodedSlashes = "SecureQueue.AllowEncodedSlashes";

    /// <summary>Cluster: <c>true</c> allows <c>http://</c> destinations, which carry requests and assertions in clear.</summary>
    public const string AllowPlainHttp = "SecureQueue.AllowPlainHttp";

    /// <summary>Cluster: a PEM CA bundle the cluster's HTTPS destinations must chain to (instead of the system's roots).</summary>
    public const string UpstreamCaFile = "SecureQueue.UpstreamCaFile";
}
