using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using SecureQueue.Gateway.Identity;

namespace SecureQueue.Gateway.Authentication.Jwt;

/// <summary>
/// Bearer tokens through ASP.NET Core's JwtBearer handler: issuer, audience, signature (the issuer's own keys,
/// offline, as reloaded by <see cref="JwtKeySource"/>), lifetime. The token's (iss, sub) must name an identity; listed claims become principal tags.
/// </summary>
public sealed class JwtAuthenticator(JwtKeySource keys, IdentitySource identities)
{
    public const string Scheme = "SecureQueueJwt";

    /// <summary>ASP.NET Core's switch that keeps a lone authentication scheme from becoming the default one.</summary>
    private const string SuppressAutoDefaultScheme = "Microsoft.AspNetCore.Authentication.SuppressAutoDefaultScheme";

    public bool Enabled => keys.Current.Any;

    /// <summary>
    /// The JwtBearer handler on ASP.NET's authentication core, without <c>AddAuthentication</c>'s Data Protection: nothing
    /// the gateway issues is protected by it, and its key ring would be written unencrypted to the home directory. The
    /// handler's options come from <c>SecureQueue:Jwt</c> alone, never from ASP.NET's <c>Authentication</c> section.
    /// </summary>
    public static void Register(IServiceCollection services, JwtKeySource keys)
    {
        var issuers = keys.Current;
        // As the only scheme, JwtBearer would become the default one, and the authentication middleware that
        // WebApplication adds would run it on every request, SigV4 and certificate calls included, before the call's own
        // authentication (CallerAuthenticator) runs the scheme by name on bearer calls only.
        AppContext.SetSwitch(SuppressAutoDefaultScheme, true);
        services.AddAuthenticationCore().AddWebEncoders();
        services.AddSingleton<IAuthenticationConfigurationProvider, NoAuthenticationConfiguration>();
        new AuthenticationBuilder(services).AddJwtBearer(Scheme, options =>
        {
            options.MapInboundClaims = false;
            options.RequireHttpsMetadata = true;
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidateIssuer = true,
                ValidIssuers = issuers.Names.ToList(),
                ValidateAudience = true,
                AudienceValidator = (audiences, token, _) => keys.Current.AudienceAllowed(token.Issuer, audiences),
                ValidateLifetime = true,
                RequireExpirationTime = true,
                RequireSignedTokens = true,
                ValidateIssuerSigningKey = true,
                IssuerSigningKeyResolver = (_, token, _, _) => keys.Current.Keys(token.Issuer),
                AlgorithmValidator = (algorithm, _, token, _) => keys.Current.AlgorithmAllowed(token.Issuer, algorithm),
                ClockSkew = TimeSpan.FromSeconds(60),
            };
        });
    }

    public async Task<AuthenticationResult> AuthenticateAsync(HttpContext http)
    {
        if (!Enabled)
        {
            return Invalid("invalid_request", "Bearer tokens are not accepted: no JWT issuer is configured.");
        }

        var result = await http.AuthenticateAsync(Scheme);
        if (!result.Succeeded)
        {
            return Invalid("invalid_token", Describe(result.Failure));
        }

        var claims = result.Principal!;
        var issuer = claims.FindFirst("iss")?.Value ?? string.Empty;
        if (claims.FindFirst("sub")?.Value is not { } subject)
        {
            return Invalid("invalid_token", "The token has no subject.");
        }

        if (identities.Current.FindFederated(issuer, subject) is not { } identity)
        {
            return Invalid("invalid_token", "The token's subject is not a known identity.");
        }

        var tags = new Dictionary<string, string>(identity.Tags, StringComparer.Ordinal);
        foreach (var name in keys.Current.Options(issuer)!.TagClaims)
        {
            // Claim types match case-insensitively, as tag keys do: "team" and "Team", or a list, would leave the tag's value to chance.
            // Compared here, not by FindAll(type): IdentityModel 8's identities compare claim types case-sensitively.
            var values = claims.FindAll(c => string.Equals(c.Type, name, StringComparison.OrdinalIgnoreCase)).Take(2).ToList();
            if (values.Count > 1)
            {
                return Invalid("invalid_token", $"The token carries more than one value for the tag claim '{name}'.");
            }

            // The operator's tag on the identity wins over the token's claim, so a token cannot lift a Deny pinned on that tag.
            if (values.Count == 1 && !identity.Tags.Keys.Any(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase)))
            {
                tags[name] = values[0].Value;
            }
        }

        DateTimeOffset? issuedAt = long.TryParse(claims.FindFirst("iat")?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var iat)
            ? DateTimeOffset.FromUnixTimeSeconds(iat)
            : null;
        return AuthenticationResult.Success(
            new Caller(identity.PrincipalArn, AuthenticationMethod.Jwt, $"{issuer}|{subject}", identity with { Tags = tags }) { TokenIssuedAt = issuedAt });
    }

    private static string Describe(Exception? failure) => failure switch
    {
        SecurityTokenExpiredException expired => $"The token expired at {expired.Expires:yyyy-MM-dd'T'HH:mm:ss'Z'}.",
        SecurityTokenNotYetValidException early => $"The token is not valid before {early.NotBefore:yyyy-MM-dd'T'HH:mm:ss'Z'}.",
        SecurityTokenInvalidAudienceException => "The token's audience is not accepted.",
        SecurityTokenInvalidIssuerException => "The token's issuer is not trusted.",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "The token's signature is invalid.",
        SecurityTokenInvalidAlgorithmException => "The token's signature algorithm is not accepted.",
        SecurityTokenNoExpirationException => "The token has no expiry.",
        _ => "The token is invalid.",
    };

    // RFC 6750 §3: the challenge names the error; descriptions hold no token content.
    private static AuthenticationResult Invalid(string error, string description) => AuthenticationResult.Fail(
        AuthenticationFailure.InvalidBearerToken, description, challenge: $"Bearer realm=\"securequeue\", error=\"{error}\", error_description=\"{description}\"");
}

/// <summary>An empty <c>Authentication</c> section: configuration cannot loosen the token checks set in code.</summary>
internal sealed class NoAuthenticationConfiguration : IAuthenticationConfigurationProvider
{
    public Microsoft.Extensions.Configuration.IConfiguration AuthenticationConfiguration { get; } =
        new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build();
}
