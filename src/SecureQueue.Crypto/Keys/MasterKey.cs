using System.Security.Cryptography;
using System.Text;

namespace SecureQueue.Crypto.Keys;

/// <summary>
/// The key-encryption key the gateway derives its other keys from. Loaded once at start-up; a missing,
/// unreadable or short key stops start-up rather than letting the gateway run without it.
/// </summary>
public sealed class MasterKey
{
    public const int Size = 32;
    private readonly byte[] key;

    private MasterKey(byte[] key) => this.key = key;

    /// <summary>Reads a base64 key of 32 bytes from a file that only its owner may read.</summary>
    public static MasterKey FromFile(string path)
    {
        var bytes = SecretFile.ReadAllBytes(path, "SecureQueue:MasterKeyFile");
        try
        {
            return FromBase64(Encoding.UTF8.GetString(bytes).Trim(), "SecureQueue:MasterKeyFile");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    public static MasterKey FromBase64(string value, string settingName)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(value);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"{settingName} does not hold a base64 key.");
        }

        return bytes.Length == Size ? new MasterKey(bytes) : throw new InvalidOperationException($"{settingName} must hold exactly {Size} bytes.");
    }

    /// <summary>A key for one purpose, so no two uses ever share key material.</summary>
    public byte[] Derive(string purpose, int length = 32) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, key, length, salt: [], info: Encoding.UTF8.GetBytes(purpose));
}
