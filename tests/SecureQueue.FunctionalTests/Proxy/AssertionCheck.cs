using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace SecureQueue.FunctionalTests.Proxy;

/// <summary>
/// How an upstream verifies the gateway's identity assertion: the README's example, run by the test upstream on every
/// request. Keys come from the gateway's JWKS (over TLS, trusting the gateway's CA); issuer, audience (the upstream's
/// cluster id), ES256 and a lifetime of at most a minute are all required.
/// </summary>
public sealed class AssertionCheck(HttpClient gateway, string issuer, string audience)
{
    private readonly JsonWebTokenHandler handler = new();
    private JsonWebKeySet? keys;

    /// <summary>The verified principal ARN and token, or the reason the assertion is refused.</summary>
    public async Task<(string? Principal, JsonWebToken? Token, string? Error)> VerifyAsync(string? assertion)
    {
        if (string.IsNullOrEmpty(assertion))
        {
            return (null, null, "no assertion");
        }

        keys ??= new JsonWebKeySet(await gateway.GetStringAsync("/.well-known/secq/jwks.json"));
        var result = await handler.ValidateTokenAsync(assertion, new TokenValidationParameters
        {
            ValidIssuer = issuer,
            ValidAudience = audience,
            IssuerSigningKeys = keys.GetSigningKeys(),
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.FromSeconds(5),
            LifetimeValidator = (notBefore, expires, _, _) => expires is { } end && notBefore is { } start && end - start <= TimeSpan.FromSeconds(60) && end > DateTime.UtcNow.AddSeconds(-5),
        });
        return result.IsValid
            ? (((JsonWebToken)result.SecurityToken).Subject, (JsonWebToken)result.SecurityToken, null)
            : (null, null, result.Exception?.GetType().Name ?? "invalid");
    }
}
