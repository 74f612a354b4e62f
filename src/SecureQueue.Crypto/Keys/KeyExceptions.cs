namespace SecureQueue.Crypto.Keys;

/// <summary>
/// A wrapped data key names a KEK version its keyring does not hold: the version was removed, or the
/// keyring loaded is older than the one that wrapped it. Messages under that version cannot be read.
/// </summary>
public sealed class KeyVersionNotFoundException : Exception
{
    public KeyVersionNotFoundException(string keyringName, int version)
        : base($"Keyring '{keyringName}' has no key-encryption key version {version}.")
    {
        KeyringName = keyringName;
        Version = version;
    }

    public string KeyringName { get; }

    public int Version { get; }
}

/// <summary>
/// A <c>KmsMasterKeyId</c> that resolves to no configured key. The gateway answers it with SQS's
/// <c>KMS.NotFoundException</c>; the message follows KMS's own wording and names only the id the caller sent.
/// </summary>
public sealed class KmsKeyNotFoundException : Exception
{
    public KmsKeyNotFoundException(string keyId)
        : base(keyId.Contains("alias/", StringComparison.Ordinal) ? $"Alias {keyId} is not found." : $"Key '{keyId}' does not exist")
    {
        KeyId = keyId;
    }

    public string KeyId { get; }
}
