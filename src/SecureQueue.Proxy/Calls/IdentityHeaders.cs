using Microsoft.AspNetCore.Http;
using SecureQueue.Proxy.Assertions;

namespace SecureQueue.Proxy.Calls;

/// <summary>
/// Identity never travels upstream from the client: headers that claim who called (or carry the client's credential) are
/// removed (with a presigned URL's credential parameters), and the gateway's own signed assertion is the only statement
/// of identity the upstream receives.
/// </summary>
internal static class IdentityHeaders
{
    /// <summary>Headers removed from every proxied request; <c>Authorization</c> too unless the route forwards it.</summary>
    public static readonly IReadOnlyList<string> Stripped =
    [
        AssertionSigner.Header, "X-Forwarded-Client-Cert", "Client-Cert", "Client-Cert-Chain", "X-Amz-Security-Token",
        "X-Amzn-Oidc-Data", "X-Amzn-Oidc-Identity", "X-Amzn-Oidc-Accesstoken", "X-Forwarded-User", "X-Forwarded-Email",
        "X-Forwarded-Groups", "X-Forwarded-Access-Token", "X-Auth-Request-User", "X-Auth-Request-Email",

        // Client-address claims: YARP sets X-Forwarded-For from the TCP peer, and these would contradict it.
        "Forwarded", "X-Real-Ip", "X-Client-Ip",
    ];

    /// <summary>The context key prefix under which a request's headers reach policy conditions (documented in the README).</summary>
    public const string ContextPrefix = "execute-api:RequestHeader/";

    // Headers that hold credentials (and those stripped as identity claims) are not condition values: a policy must not be
    // able to grant on a secret's content or on a claim the gateway does not vouch for. A set, read once per header.
    private static readonly HashSet<string> NotInContext = new(["Authorization", "Cookie", "Proxy-Authorization", .. Stripped], StringComparer.OrdinalIgnoreCase);

    // A presigned request's SigV4 parameters (and a session token sent beside them): like the Authorization header, a
    // credential the upstream, or whoever reads its access log, could replay through the gateway until it expires.
    private static readonly HashSet<string> QueryCredentials = new(
        ["X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires", "X-Amz-SignedHeaders", "X-Amz-Signature", "X-Amz-Security-Token"],
        StringComparer.OrdinalIgnoreCase);

    public static void Replace(IHeaderDictionary headers, bool forwardAuthorization, string assertion)
    {
        foreach (var name in Stripped)
        {
            headers.Remove(name);
        }

        if (!forwardAuthorization)
        {
            headers.Remove("Authorization");
        }

        headers[AssertionSigner.Header] = assertion;
    }

    /// <summary>The query without a presigned request's credential parameters; every other parameter as the client wrote it, in order.</summary>
    public static QueryString WithoutCredentials(QueryString query)
    {
        if (!query.HasValue)
        {
            return query;
        }

        // Names compared decoded, as ASP.NET's query (and so the authenticator) reads them: "X%2DAmz%2DSignature" is one too.
        var kept = query.Value![1..].Split('&').Where(pair => !QueryCredentials.Contains(Uri.UnescapeDataString(pair.Split('=')[0])));
        var joined = string.Join('&', kept);
        return joined.Length == 0 ? QueryString.Empty : new QueryString("?" + joined);
    }

    /// <summary>
    /// The request's headers as condition keys (<c>execute-api:RequestHeader/x-team</c>), repeated values joined by commas
    /// as HTTP joins them, never credentials. Every header, however many: one left out would still be forwarded, unseen by
    /// a Deny that names it. Kestrel bounds their number (<c>MaxRequestHeaderCount</c>, 100 by default).
    /// </summary>
    public static Dictionary<string, IReadOnlyList<string>> Context(IHeaderDictionary headers)
    {
        var context = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in headers)
        {
            if (!NotInContext.Contains(name))
            {
                context[ContextPrefix + name.ToLowerInvariant()] = [values.ToString()];
            }
        }

        return context;
    }
}
