using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace SecureQueue.Gateway.Authentication.Jwt;

/// <summary>The configured issuers with their keys loaded once at start-up; a token is checked only against its own issuer's keys and audiences.</summary>
public sealed class JwtIssuers
{
    private readonly Dictionary<string, (JwtIssuerOptions Options, IReadOnlyList<SecurityKey> Keys)> byIssuer;

    private JwtIssuers(Dictionary<string, (JwtIssuerOptions, IReadOnlyList<SecurityKey>)> byIssuer) => this.byIssuer = byIssuer;

    public bool Any => byIssuer.Count > 0;

    public static JwtIssuers Load(IReadOnlyList<JwtIssuerOptions> issuers, string contentRoot)
    {
        var byIssuer = new Dictionary<string, (JwtIssuerOptions, IReadOnlyList<SecurityKey>)>(StringComparer.Ordinal);
        for (var i = 0; i < issuers.Count; i++)
        {
            var issuer = issuers[i];
            issuer.Validate(i);
            var keys = LoadKeys(Path.GetFullPath(issuer.SigningKeysFile, contentRoot), $"SecureQueue:Jwt:Issuers:{i}:SigningKeysFile");
            if (!byIssuer.TryAdd(issuer.Issuer, (issuer, keys)))
            {
                throw new InvalidOperationException($"SecureQueue:Jwt:Issuers: issuer '{issuer.Issuer}' appears twice.");
            }
        }

        return new JwtIssuers(byIssuer);
    }

    public IEnumerable<string> Names => byIssuer.Keys;

    /// <summary>Whether the token's own issuer accepts this algorithm; another issuer's list never applies.</summary>
    public bool AlgorithmAllowed(string issuer, string algorithm) =>
        byIssuer.TryGetValue(issuer, out var entry) && entry.Options.AcceptedAlgorithms.Contains(algorithm, StringComparer.Ordinal);

    public JwtIssuerOptions? Options(string issuer) => byIssuer.TryGetValue(issuer, out var entry) ? entry.Options : null;

    public IReadOnlyList<SecurityKey> Keys(string issuer) => byIssuer.TryGetValue(issuer, out var entry) ? entry.Keys : [];

    public bool AudienceAllowed(string issuer, IEnumerable<string> audiences) =>
        byIssuer.TryGetValue(issuer, out var entry) && audiences.Any(entry.Options.Audiences.Contains);

    private static IReadOnlyList<SecurityKey> LoadKeys(string path, string setting)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{setting} points to '{path}', which does not exist.");
        }

        var text = File.ReadAllText(path);
        try
        {
            if (text.TrimStart().StartsWith('{'))
            {
                var keys = new JsonWebKeySet(text).GetSigningKeys();
                return keys.Count > 0 ? [.. keys] : throw new InvalidOperationException($"{setting}: the JWKS holds no signing key.");
            }

            return [PemKey(text)];
        }
        catch (Exception exception) when (exception is ArgumentException or CryptographicException or System.Text.Json.JsonException)
        {
            throw new InvalidOperationException($"{setting}: '{path}' is neither a JWKS document nor a PEM public key.", exception);
        }
    }

    // RSA first, then EC: a PEM public key's label does not say which it is. The keys live as long as the process.
#pragma warning disable CA2000
    private static SecurityKey PemKey(string pem)
    {
        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(pem);
            return new RsaSecurityKey(rsa);
        }
        catch (Exception exception) when (exception is CryptographicException or ArgumentException)
        {
            rsa.Dispose();
        }

        var ec = ECDsa.Create();
        ec.ImportFromPem(pem);
        return new ECDsaSecurityKey(ec);
    }
#pragma warning restore CA2000
}
