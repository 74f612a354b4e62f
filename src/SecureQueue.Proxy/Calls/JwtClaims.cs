using System.Security.Claims;

namespace SecureQueue.Proxy.Calls;

/// <summary>
/// A bearer caller's verified token claims as condition keys, <c>execute-api:JwtClaim/&lt;name&gt;</c> (API Gateway exposes the
/// same claims to its authorizers as <c>$context.authorizer.jwt.claims.&lt;name&gt;</c>). A claim that is a JSON array is a
/// multivalued key (<c>ForAnyValue:</c>/<c>ForAllValues:</c>); a claim the token lacks is no key at all, so a condition on it
/// is not met. Only tokens the gateway verified are read; other callers get no claim keys.
/// </summary>
internal static class JwtClaims
{
    public const string ContextPrefix = "execute-api:JwtClaim/";

    // Bounds what one token adds to every decision; a token is already bounded by Kestrel's header size limit.
    private const int MaxClaims = 64;
    private const int MaxValuesPerClaim = 64;

    public static void AddTo(Dictionary<string, IReadOnlyList<string>> context, ClaimsPrincipal? token)
    {
        if (token is null)
        {
            return;
        }

        var claims = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var claim in token.Claims)
        {
            if (!claims.TryGetValue(claim.Type, out var values))
            {
                if (claims.Count == MaxClaims)
                {
                    continue;
                }

                claims[claim.Type] = values = [];
            }

            if (values.Count < MaxValuesPerClaim)
            {
                values.Add(claim.Value);
            }
        }

        // Claim names are case-sensitive in JWTs but IAM keys are not: claims differing only by case would let the token choose
        // which one a condition sees, so all of them are dropped and a condition on any is not met.
        var ambiguous = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in claims)
        {
            var key = ContextPrefix + name;
            if (!ambiguous.Contains(key) && !context.TryAdd(key, values))
            {
                context.Remove(key);
                ambiguous.Add(key);
            }
        }
    }
}
