namespace SecureQueue.Gateway.Authentication.Jwt;

/// <summary>
/// One trusted JWT issuer (<c>SecureQueue:Jwt:Issuers:N</c>): its <c>iss</c>, the audiences its tokens must carry,
/// and its signing keys (a JWKS file or a PEM public key), so tokens verify offline.
/// </summary>
public sealed class JwtIssuerOptions
{
    public string Issuer { get; set; } = string.Empty;

    public List<string> Audiences { get; set; } = [];

    /// <summary>A JWKS document (<c>{"keys":[…]}</c>) or a PEM public key (RSA or EC).</summary>
    public string SigningKeysFile { get; set; } = string.Empty;

    /// <summary>Claims copied into aws:PrincipalTag/&lt;claim&gt;.</summary>
    public List<string> TagClaims { get; set; } = [];

    /// <summary>Accepted signature algorithms; symmetric and "none" algorithms are never accepted.</summary>
    public List<string> Algorithms { get; set; } = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"];

    public void Validate(int index)
    {
        var name = $"SecureQueue:Jwt:Issuers:{index}";
        if (string.IsNullOrWhiteSpace(Issuer))
        {
            throw new InvalidOperationException($"{name}:Issuer is required: tokens must be checked against their issuer.");
        }

        if (Audiences.Count == 0 || Audiences.Any(string.IsNullOrWhiteSpace))
        {
            throw new InvalidOperationException($"{name}:Audiences is required: tokens must be checked against an audience.");
        }

        if (string.IsNullOrWhiteSpace(SigningKeysFile))
        {
            throw new InvalidOperationException($"{name}:SigningKeysFile is required: tokens must be verified with the issuer's keys.");
        }

        if (Algorithms.Count == 0 || Algorithms.Any(a => a.StartsWith("HS", StringComparison.OrdinalIgnoreCase) || a.Equals("none", StringComparison.OrdinalIgnoreCase)))
        {
            throw new InvalidOperationException($"{name}:Algorithms must list asymmetric algorithms only (no HS*, no none).");
        }
    }
}
