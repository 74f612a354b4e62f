using System.Security.Claims;
using SecureQueue.Proxy.Calls;

namespace SecureQueue.Proxy.Tests.Calls;

public sealed class JwtClaimsTests
{
    [Fact]
    public void AddTo_ScalarAndArrayClaims_OneKeyEachArrayMultivalued()
    {
        var context = Context(new("sub", "svc-web"), new("tenant", "acme"), new("roles", "writer"), new("roles", "auditor"));
        Assert.Equal(["svc-web"], context["execute-api:JwtClaim/sub"]);
        Assert.Equal(["acme"], context["execute-api:JwtClaim/tenant"]);
        Assert.Equal(["writer", "auditor"], context["execute-api:JwtClaim/roles"]);
    }

    [Fact]
    public void AddTo_ClaimsDifferingOnlyByCase_AllDropped()
    {
        var context = Context(new("role", "reader"), new("Role", "admin"), new("ROLE", "writer"), new("tenant", "acme"));
        Assert.False(context.ContainsKey("execute-api:JwtClaim/role"));
        Assert.Single(context);
    }

    [Fact]
    public void AddTo_NoVerifiedToken_NoClaimKeys()
    {
        var context = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        JwtClaims.AddTo(context, null);
        Assert.Empty(context);
    }

    [Fact]
    public void AddTo_ManyClaimsAndValues_Bounded()
    {
        var claims = Enumerable.Range(0, 200).Select(i => new Claim("c" + i, "v")).Concat(Enumerable.Range(0, 200).Select(i => new Claim("c0", "v" + i)));
        var context = Context([.. claims]);
        Assert.Equal(64, context.Count);
        Assert.Equal(64, context["execute-api:JwtClaim/c0"].Count);
    }

    private static Dictionary<string, IReadOnlyList<string>> Context(params Claim[] claims)
    {
        var context = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        JwtClaims.AddTo(context, new ClaimsPrincipal(new ClaimsIdentity(claims, "test")));
        return context;
    }
}
