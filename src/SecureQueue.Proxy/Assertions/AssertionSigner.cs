using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SecureQueue.Crypto.Keys;
using SecureQueue.Gateway.Calls;

namespace SecureQueue.Proxy.Assertions;

/// <summary>
/// Mints the short-lived identity assertion each proxied request carries upstream (an ES256 JWT: <c>sub</c> the principal
/// ARN, <c>aud</c> the cluster, <c>jti</c> the request id) and publishes the public key as a JWKS document.
/// </summary>
public sealed class AssertionSigner
{
    /// <summary>The request header that carries the assertion; a copy a client sends is always removed first.</summary>
    public const string Header = "X-SecureQueue-Assertion";

    /// <summary>Where upstreams fetch the verification key.</summary>
    public const string JwksPath = "/.well-known/secq/jwks.json";

    private readonly JsonWebTokenHandler handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly SigningCredentials credentials;
    private readonly string issuer;
    private readonly TimeSpan lifetime;
    private readonly TimeProvider time;

    public AssertionSigner(ECDsa key, string issuer, TimeSpan lifetime, TimeProvider time)
    {
        if (key.KeySize != 256)
        {
            throw new InvalidOperationException($"{FrontDoorOptions.Section}:AssertionKeyFile must hold an ECDSA P-256 key (ES256).");
        }

        var securityKey = new ECDsaSecurityKey(key);
        using var publicKey = ECDsa.Create(key.ExportParameters(false));
        var jwk = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(publicKey));
        securityKey.KeyId = Base64UrlEncoder.Encode(jwk.ComputeJwkThumbprint());
        credentials = new SigningCredentials(securityKey, SecurityAlgorithms.EcdsaSha256);
        this.issuer = issuer;
        this.lifetime = lifetime;
        this.time = time;
        Jwks = JsonSerializer.SerializeToUtf8Bytes(new
        {
            keys = new[] { new { kty = jwk.Kty, use = "sig", alg = SecurityAlgorithms.EcdsaSha256, kid = securityKey.KeyId, crv = jwk.Crv, x = jwk.X, y = jwk.Y } },
        });
    }

    /// <summary>The JWKS document (public key only).</summary>
    public byte[] Jwks { get; }

    public string KeyId => credentials.Key.KeyId;

    public static AssertionSigner Load(FrontDoorOptions options, string contentRoot, TimeProvider time)
    {
        options.Validate();
        var path = Path.GetFullPath(options.AssertionKeyFile, contentRoot);
        var bytes = SecretFile.ReadAllBytes(path, $"{FrontDoorOptions.Section}:AssertionKeyFile");
        var pem = Encoding.UTF8.GetChars(bytes);
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
            var signer = new AssertionSigner(key, options.AssertionIssuer, TimeSpan.FromSeconds(options.AssertionLifetimeSeconds), time);
            key = null;
            return signer;
        }
        catch (ArgumentException exception)
        {
            throw new InvalidOperationException($"{FrontDoorOptions.Section}:AssertionKeyFile ('{path}') holds no PEM ECDSA private key.", exception);
        }
        finally
        {
            // The signer owns the key once built; on any failure before that, it is released here.
            key?.Dispose();
            CryptographicOperations.ZeroMemory(bytes);
            Array.Clear(pem);
        }
    }

    public string Sign(Caller caller, string audience, string routeId, Guid requestId)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var claims = new Dictionary<string, object>
        {
            ["sub"] = caller.PrincipalArn,
            ["jti"] = requestId.ToString(),
            ["secq:route"] = routeId,
            ["secq:auth"] = caller.Method.ToString(),
            ["secq:tags"] = caller.Identity.Tags.ToDictionary(t => t.Key, object (t) => t.Value),
        };
        return handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            Claims = claims,
            SigningCredentials = credentials,
        });
    }
}
