using SecureQueue.Policies.Documents;

namespace SecureQueue.Gateway.Authorization;

/// <summary>A key a call would use (a queue's KmsMasterKeyId, say) and the kms action that use needs.</summary>
public sealed record KeyUse(string Action, string KeyId)
{
    public const string GenerateDataKey = "kms:GenerateDataKey";
    public const string Decrypt = "kms:Decrypt";
}

/// <summary>
/// What one call asks to do, as any protocol describes it to the authorizer: the IAM action on a resource, the
/// resource's tags and resource policy (for a queue, its <c>Policy</c> attribute), the tags and tag keys the
/// request carries, and a customer key it would use.
/// </summary>
public sealed record AuthorizationInput(string Action, string Resource)
{
    public IReadOnlyDictionary<string, string>? ResourceTags { get; init; }

    public string? ResourcePolicy { get; init; }

    /// <summary>A resource policy compiled once from configuration (a proxied route's), used instead of <see cref="ResourcePolicy"/>.</summary>
    public PolicyDocument? CompiledResourcePolicy { get; init; }

    /// <summary>Further condition keys the protocol documents for its calls (the front door's request headers and JWT claims); a key may have several values.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Context { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    public IReadOnlyDictionary<string, string> RequestTags { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<string> TagKeys { get; init; } = [];

    public KeyUse? Key { get; init; }
}
