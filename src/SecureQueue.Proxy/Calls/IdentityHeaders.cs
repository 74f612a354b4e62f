using Microsoft.AspNetCore.Http;
using SecureQueue.Proxy.Assertions;

namespace SecureQueue.Proxy.Calls;

/// <summary>
/// Identity never travels upstream from the client: headers that claim who called (or carry the client's credential) are
/// removed, and the gateway's own signed assertion is the only statement of identity the upstream receives.
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

    private const int MaxContextHeaders = 64;

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

    /// <summary>The request's headers as condition keys (<c>execute-api:RequestHeader/x-team</c>), repeated values joined by commas as HTTP joins them, never credentials.</summary>
    public static Dictionary<string, IReadOnlyList<string>> Context(IHeaderDictionary headers)
    {
        var context = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in headers)
        {
            if (context.Count == MaxContextHeaders)
            {
                break;
            }

            if (!NotInContext.Contains(name))
            {
                context[ContextPrefix + name.ToLowerInvariant()] = [values.ToString()];
            }
        }

        return context;
    }
}
