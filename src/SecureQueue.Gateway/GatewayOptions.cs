using System.Text.RegularExpressions;

namespace SecureQueue.Gateway;

/// <summary>
/// The <c>SecureQueue</c> configuration section. Every security setting is required or has a safe default;
/// <see cref="Validate"/> stops start-up with a message naming the setting.
/// </summary>
public sealed partial class GatewayOptions
{
    public const string Section = "SecureQueue";

    public string AccountId { get; set; } = "000000000000";

    /// <summary>The default region: bearer-token and certificate callers use it, and so does every call when only one is served.</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>
    /// Every region served (<c>SecureQueue:Regions:0</c>, …); empty means <see cref="Region"/> alone. A SigV4 caller's
    /// credential scope picks one, and with it a namespace of queues of its own.
    /// </summary>
    public List<string> Regions { get; set; } = [];

    /// <summary>The regions served: <see cref="Regions"/>, or <see cref="Region"/> alone.</summary>
    public IReadOnlyList<string> ServedRegions => Regions.Count > 0 ? Regions : [Region];

    /// <summary>The JSON identities file (principals, access keys, attached policies).</summary>
    public string IdentitiesFile { get; set; } = string.Empty;

    /// <summary>How often the identities file, its policy files and the guardrails are re-read (0: only on SIGHUP).</summary>
    public int AccessReloadSeconds { get; set; } = 5;

    /// <summary>Where identity policy files named in the identities file live.</summary>
    public string PoliciesDirectory { get; set; } = "policies";

    /// <summary>Deny-only guardrail policies applied to every call; empty means none.</summary>
    public string GuardrailsDirectory { get; set; } = string.Empty;

    /// <summary>The base64 master key file (0600).</summary>
    public string MasterKeyFile { get; set; } = string.Empty;

    /// <summary>Plain-HTTP listeners are refused unless this is set; their calls have aws:SecureTransport false.</summary>
    public bool AllowPlainHttp { get; set; }

    /// <summary>
    /// Lets the gateway connect as a role that could rewrite the log (its owner, a superuser), with a warning. For
    /// development only: in production the gateway's role can only append events.
    /// </summary>
    public bool AllowOwnerRole { get; set; }

    /// <summary>SigV4 clock skew tolerance in either direction.</summary>
    public int MaxClockSkewSeconds { get; set; } = 900;

    /// <summary>Largest request body accepted before any parsing.</summary>
    public int MaxRequestBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// Open connections the listeners hold at once (and, separately, upgraded ones: WebSockets through the front door).
    /// Each connection has at most one call in flight over HTTP/1.1 and 100 over HTTP/2, so this bounds the calls
    /// waiting for the log writer: past it, new connections are closed at once instead of queueing work without end.
    /// </summary>
    public int MaxConnections { get; set; } = 10_000;

    public void Validate()
    {
        if (!AccountIdPattern().IsMatch(AccountId))
        {
            throw new InvalidOperationException("SecureQueue:AccountId must be 12 digits.");
        }

        if (!RegionPattern().IsMatch(Region))
        {
            throw new InvalidOperationException("SecureQueue:Region must look like us-east-1.");
        }

        if (Regions.FirstOrDefault(r => !RegionPattern().IsMatch(r)) is { } invalid)
        {
            throw new InvalidOperationException($"SecureQueue:Regions holds '{invalid}', which does not look like us-east-1.");
        }

        if (Regions.Count > 0 && !Regions.Contains(Region))
        {
            throw new InvalidOperationException(
                $"SecureQueue:Region (the default region, {Region}) must be one of SecureQueue:Regions ({string.Join(", ", Regions)}).");
        }

        if (Regions.Count != Regions.Distinct().Count())
        {
            throw new InvalidOperationException("SecureQueue:Regions names a region twice.");
        }

        if (string.IsNullOrWhiteSpace(IdentitiesFile))
        {
            throw new InvalidOperationException("SecureQueue:IdentitiesFile is required: without identities no call could be authenticated.");
        }

        if (AccessReloadSeconds is < 0 or > 3600)
        {
            throw new InvalidOperationException("SecureQueue:AccessReloadSeconds must be between 0 (only on SIGHUP) and 3600.");
        }

        if (string.IsNullOrWhiteSpace(MasterKeyFile))
        {
            throw new InvalidOperationException("SecureQueue:MasterKeyFile is required.");
        }

        if (MaxConnections is < 1 or > 1_000_000)
        {
            throw new InvalidOperationException("SecureQueue:MaxConnections must be between 1 and 1000000.");
        }

        if (MaxClockSkewSeconds is < 1 or > 900)
        {
            throw new InvalidOperationException("SecureQueue:MaxClockSkewSeconds must be between 1 and 900.");
        }
    }

    [GeneratedRegex("^[0-9]{12}\\z")]
    private static partial Regex AccountIdPattern();

    [GeneratedRegex("^[a-z]{2}(-[a-z]+)+-[0-9]\\z")]
    private static partial Regex RegionPattern();
}
