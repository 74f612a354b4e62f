namespace SecureQueue.Gateway.Authentication.Jwt;

/// <summary>
/// One trusted JWT issuer (<c>SecureQueue:Jwt:Issuers:N</c>): its <c>iss</c>, the audiences its tokens must carry,
/// and its signing keys (a JWKS file or a PEM public key), so tokens verify offline.
/// </summary>
public sealed class JwtIssuerOptions
{
    /// <summary>The asymmetric algorithms a token may use; symmetric and "none" algorithms are never accepted.</summary>
    public static readonly IReadOnlyList<string> SupportedAlgorithms = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"];

    public string Issuer { get; set; } = string.Empty;

    public List<string> Audiences { get; set; } = [];

    /// <summary>A JWKS document (<c>{"keys":[…]}</c>) or a PEM public key (RSA or EC).</summary>
    public string SigningKeysFile { get; set; } = string.Empty;

    /// <summary>
    /// Claims copied into aws:PrincipalTag/&lt;claim&gt;. A tag the identities file sets on the identity wins over a claim
    /// of the same key, so a token cannot lift a Deny the operator pinned on a tag.
    /// </summary>
    public List<string> TagClaims { get; set; } = [];

    /// <summary>
    /// The signature algorithms this issuer's tokens may use, a subset of <see cref="SupportedAlgorithms"/>; empty means all
    /// of them. Empty by default because configuration binding adds listed items to a list's initial contents.
    /// </summary>
    public List<string> Algorithms { get; set; } = [];

    public IReadOnlyList<string> AcceptedAlgorithms => Algorithms.Count == 0 ? SupportedAlgorithms : Algorithms;

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

        if (Algorithms.Any(a => !SupportedAlgorithms.Contains(a, StringComparer.Ordinal)))
        {
            throw new InvalidOperationException($"{name}:Algorithms must list asymmetric algorithms only ({string.Join(", ", SupportedAlgorithms)}; no HS*, no none).");
        }

        // The policy context compares tag keys case-insensitively, as IAM does: two claims for one key would be ambiguous.
        if (TagClaims.GroupBy(c => c, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new InvalidOperationException($"{name}:TagClaims lists '{twice.Last()}' twice (tag keys compare case-insensitively).");
        }
    }
}
