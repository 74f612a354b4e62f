using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace SecureQueue.Gateway.Authentication.Jwt;

/// <summary>
/// The configured issuers with their keys, as loaded at one time (start-up or a reload of the key files,
/// <see cref="JwtKeySource"/>); a token is checked only against its own issuer's keys and audiences.
/// </summary>
public sealed class JwtIssuers
{
    private readonly Dictionary<string, (JwtIssuerOptions Options, IReadOnlyList<SecurityKey> Keys, string Digest)> byIssuer;

    private JwtIssuers(Dictionary<string, (JwtIssuerOptions, IReadOnlyList<SecurityKey>, string)> byIssuer) => this.byIssuer = byIssuer;

    public bool Any => byIssuer.Count > 0;

    public static JwtIssuers Load(IReadOnlyList<JwtIssuerOptions> issuers, string contentRoot)
    {
        var byIssuer = new Dictionary<string, (JwtIssuerOptions, IReadOnlyList<SecurityKey>, string)>(StringComparer.Ordinal);
        for (var i = 0; i < issuers.Count; i++)
        {
            var issuer = issuers[i];
            issuer.Validate(i);
            var (keys, digest) = LoadKeys(Path.GetFullPath(issuer.SigningKeysFile, contentRoot), $"SecureQueue:Jwt:Issuers:{i}:SigningKeysFile");
            if (!byIssuer.TryAdd(issuer.Issuer, (issuer, keys, digest)))
            {
                throw new InvalidOperationException($"SecureQueue:Jwt:Issuers: issuer '{issuer.Issuer}' appears twice.");
            }
        }

        return new JwtIssuers(byIssuer);
    }

    public IEnumerable<string> Names => byIssuer.Keys;

    /// <summary>Each issuer's SHA-256 of its keys file as read, to tell which issuers a reload changed.</summary>
    public IReadOnlyDictionary<string, string> Digests => byIssuer.ToDictionary(e => e.Key, e => e.Value.Digest, StringComparer.Ordinal);

    /// <summary>Whether the token's own issuer accepts this algorithm; another issuer's list never applies.</summary>
    public bool AlgorithmAllowed(string issuer, string algorithm) =>
        byIssuer.TryGetValue(issuer, out var entry) && entry.Options.AcceptedAlgorithms.Contains(algorithm, StringComparer.Ordinal);

    public JwtIssuerOptions? Options(string issuer) => byIssuer.TryGetValue(issuer, out var entry) ? entry.Options : null;

    public IReadOnlyList<SecurityKey> Keys(string issuer) => byIssuer.TryGetValue(issuer, out var entry) ? entry.Keys : [];

    public bool AudienceAllowed(string issuer, IEnumerable<string> audiences) =>
        byIssuer.TryGetValue(issuer, out var entry) && audiences.Any(entry.Options.Audiences.Contains);

    private static (IReadOnlyList<SecurityKey> Keys, string Digest) LoadKeys(string path, string setting)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{setting} points to '{path}', which does not exist.");
        }

        var bytes = File.ReadAllBytes(path);
        var digest = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var text = System.Text.Encoding.UTF8.GetString(bytes);
        try
        {
            if (text.TrimStart().StartsWith('{'))
            {
                var keys = new JsonWebKeySet(text).GetSigningKeys();
                return keys.Count > 0 ? ([.. keys], digest) : throw new InvalidOperationException($"{setting}: the JWKS holds no signing key.");
            }

            return ([PemKey(text)], digest);
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
