using Microsoft.Extensions.Configuration;
using SecureQueue.Crypto.Keys;

namespace SecureQueue.Gateway.Keys;

/// <summary>
/// The key-encryption keys: <c>SecureQueue:Keyring</c> (keyring JSON, e.g. from an environment variable), else
/// <c>SecureQueue:KeyringFile</c> (0600), else the single master key as version 1. Extra KMS key ids or aliases
/// (<c>SecureQueue:KmsKeys:N:Alias</c> + <c>:KeyringFile</c>, optional <c>:Name</c>) name further keyrings for KmsMasterKeyId.
/// </summary>
public static class KeyConfiguration
{
    public static KeyFamilies Load(IConfiguration configuration, MasterKey? masterKey, string? masterKeyFile, string contentRoot)
    {
        Keyring keyring;
        if (configuration["SecureQueue:Keyring"] is { Length: > 0 } json)
        {
            keyring = Keyring.FromJson(json, "SecureQueue:Keyring");
        }
        else if (configuration["SecureQueue:KeyringFile"] is { Length: > 0 } file)
        {
            keyring = Keyring.FromFile(Path.GetFullPath(file, contentRoot));
        }
        else if (masterKey is not null && masterKeyFile is not null)
        {
            keyring = Keyring.FromMasterKey(masterKey, File.GetLastWriteTimeUtc(masterKeyFile));
        }
        else
        {
            throw new InvalidOperationException("No key-encryption key: set SecureQueue:KeyringFile, SecureQueue:Keyring or SecureQueue:MasterKeyFile.");
        }

        var aliases = new Dictionary<string, Keyring>(StringComparer.Ordinal);
        foreach (var entry in configuration.GetSection("SecureQueue:KmsKeys").GetChildren())
        {
            var alias = entry["Alias"];
            var path = entry["KeyringFile"];
            if (string.IsNullOrWhiteSpace(alias) || string.IsNullOrWhiteSpace(path))
            {
                throw new InvalidOperationException($"SecureQueue:KmsKeys:{entry.Key} needs both Alias and KeyringFile.");
            }

            // The keyring's name is written into each wrapped data key; an alias may contain '/', a name may not.
            aliases[alias] = Keyring.FromFile(Path.GetFullPath(path, contentRoot), entry["Name"] ?? alias.Replace('/', '-'));
        }

        return new KeyFamilies(keyring, aliases);
    }
}
