namespace SecureQueue.Crypto.Keys;

/// <summary>
/// Maps a queue's <c>KmsMasterKeyId</c> to the keyring that wraps its data keys, as KMS maps an alias to a key.
/// <c>alias/aws/sqs</c> (SQS's default) always means the default keyring; other aliases and key ids come
/// from configuration. Anything else is refused rather than silently given the default key.
/// </summary>
public sealed class KeyFamilies
{
    public const string AwsManagedAlias = "alias/aws/sqs";
    private readonly Dictionary<string, Keyring> byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Keyring> byName = new(StringComparer.Ordinal);

    /// <param name="defaultKeyring">The keyring behind <c>alias/aws/sqs</c>.</param>
    /// <param name="aliases">Further ids (<c>alias/orders</c>, a key id) and the keyring each names.</param>
    public KeyFamilies(Keyring defaultKeyring, IReadOnlyDictionary<string, Keyring>? aliases = null)
    {
        Default = defaultKeyring;
        Add(AwsManagedAlias, defaultKeyring);
        foreach (var (id, keyring) in aliases ?? new Dictionary<string, Keyring>())
        {
            if (string.IsNullOrWhiteSpace(id) || id.StartsWith("arn:", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Key alias '{id}' must be an alias name (alias/...) or a key id, not empty or an ARN.", nameof(aliases));
            }

            Add(id, keyring);
        }
    }

    public Keyring Default { get; }

    /// <summary>Every keyring, once each.</summary>
    public IEnumerable<Keyring> Keyrings => byName.Values;

    /// <summary>
    /// The keyring for a <c>KmsMasterKeyId</c>: an alias name, an alias ARN or a configured key id.
    /// An ARN's region and account are not compared: this gateway has one of each.
    /// </summary>
    /// <exception cref="KmsKeyNotFoundException">Nothing is configured under that id.</exception>
    public Keyring Resolve(string kmsMasterKeyId) =>
        byId.TryGetValue(LocalId(kmsMasterKeyId), out var keyring) ? keyring : throw new KmsKeyNotFoundException(kmsMasterKeyId);

    /// <summary>True for SQS's default key (<c>alias/aws/sqs</c>, by name or ARN): like an AWS-managed key it needs no kms permission.</summary>
    public static bool IsAwsManaged(string kmsMasterKeyId) => LocalId(kmsMasterKeyId) == AwsManagedAlias;

    /// <summary>
    /// The ARN policies name a <c>KmsMasterKeyId</c> by: <c>arn:aws:kms:REGION:ACCOUNT:alias/NAME</c> or <c>…:key/ID</c>, always in
    /// this gateway's region and account — <see cref="Resolve"/> ignores those of a given ARN, so authorization must too.
    /// </summary>
    public static string Arn(string kmsMasterKeyId, string region, string account)
    {
        var local = LocalId(kmsMasterKeyId);
        return $"arn:aws:kms:{region}:{account}:{(local.StartsWith("alias/", StringComparison.Ordinal) ? local : "key/" + local)}";
    }

    /// <summary>The keyring a wrapped data key names.</summary>
    /// <exception cref="KmsKeyNotFoundException">No keyring has that name (its configuration was removed).</exception>
    public Keyring Get(string keyringName) =>
        byName.TryGetValue(keyringName, out var keyring) ? keyring : throw new KmsKeyNotFoundException(keyringName);

    // arn:aws:kms:<region>:<account>:alias/<name> and arn:aws:kms:<region>:<account>:key/<id> carry the local id last.
    private static string LocalId(string id)
    {
        if (!id.StartsWith("arn:", StringComparison.Ordinal))
        {
            return id;
        }

        var parts = id.Split(':', 6);
        if (parts.Length != 6 || parts[2] != "kms")
        {
            return id;
        }

        return parts[5].StartsWith("key/", StringComparison.Ordinal) ? parts[5]["key/".Length..] : parts[5];
    }

    private void Add(string id, Keyring keyring)
    {
        if (byName.TryGetValue(keyring.Name, out var existing) && !ReferenceEquals(existing, keyring))
        {
            throw new ArgumentException($"Two different keyrings are both named '{keyring.Name}'; wrapped keys name their keyring, so names must be unique.");
        }

        byName[keyring.Name] = keyring;
        byId[id] = keyring;
    }
}
