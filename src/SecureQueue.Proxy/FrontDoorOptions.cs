namespace SecureQueue.Proxy;

/// <summary>The <c>SecureQueue:FrontDoor</c> section: how the gateway tells upstreams who called. Checked at start-up.</summary>
internal sealed class FrontDoorOptions
{
    public const string Section = "SecureQueue:FrontDoor";

    /// <summary>The PEM ECDSA P-256 private key (0600) identity assertions are signed with; its public half is served as JWKS.</summary>
    public string AssertionKeyFile { get; set; } = string.Empty;

    /// <summary>The assertions' <c>iss</c>, which upstreams check.</summary>
    public string AssertionIssuer { get; set; } = "securequeue";

    /// <summary>How long an assertion is valid; short, since a copied header is a credential for the upstream until it expires.</summary>
    public int AssertionLifetimeSeconds { get; set; } = 30;

    /// <summary>A listener of the front door's own (<c>https://HOST:PORT</c>); empty to share the API listeners. See <see cref="FrontDoorListener"/>.</summary>
    public string? Url { get; set; }

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(AssertionKeyFile))
        {
            throw new InvalidOperationException($"{Section}:AssertionKeyFile is required when ReverseProxy routes are configured: upstreams are told who called only by a signed assertion.");
        }

        if (string.IsNullOrWhiteSpace(AssertionIssuer))
        {
            throw new InvalidOperationException($"{Section}:AssertionIssuer must not be empty.");
        }

        if (AssertionLifetimeSeconds is < 1 or > 60)
        {
            throw new InvalidOperationException($"{Section}:AssertionLifetimeSeconds must be between 1 and 60.");
        }
    }
}
