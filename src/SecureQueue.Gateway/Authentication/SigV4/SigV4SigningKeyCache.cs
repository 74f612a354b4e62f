using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace SecureQueue.Gateway.Authentication.SigV4;

/// <summary>
/// kSigning per (key id, date, region, service), so a busy client costs one HMAC per request instead of five.
/// Each entry remembers a fingerprint of the secret it came from: a rotated secret misses the cache instead of
/// keeping the old one valid for the rest of the day.
/// </summary>
internal sealed class SigV4SigningKeyCache(int capacity)
{
    private readonly ConcurrentDictionary<CacheKey, Entry> entries = new();

    public static byte[] Fingerprint(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    public static byte[] Derive(string secret, SigV4Credential credential)
    {
        var seed = Encoding.UTF8.GetBytes("AWS4" + secret);
        var dateKey = Hmac(seed, credential.Date);
        var regionKey = Hmac(dateKey, credential.Region);
        var serviceKey = Hmac(regionKey, credential.Service);
        var signingKey = Hmac(serviceKey, SigV4Credential.RequiredTerminator);
        CryptographicOperations.ZeroMemory(seed);
        CryptographicOperations.ZeroMemory(dateKey);
        CryptographicOperations.ZeroMemory(regionKey);
        CryptographicOperations.ZeroMemory(serviceKey);
        return signingKey;
    }

    public byte[]? Find(SigV4Credential credential, byte[] fingerprint) =>
        entries.TryGetValue(KeyOf(credential), out var entry)
        && CryptographicOperations.FixedTimeEquals(entry.Fingerprint, fingerprint)
            ? entry.SigningKey
            : null;

    /// <summary>Called only after a signature verified, so forged requests cannot churn the cache.</summary>
    public void Remember(SigV4Credential credential, byte[] fingerprint, byte[] signingKey)
    {
        // Keys roll over daily, so dropping everything at the cap is cheap and keeps the bound trivially true.
        if (entries.Count >= capacity)
        {
            entries.Clear();
        }

        entries[KeyOf(credential)] = new Entry(fingerprint, signingKey);
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static CacheKey KeyOf(SigV4Credential c) => new(c.AccessKeyId, c.Date, c.Region, c.Service);

    private readonly record struct CacheKey(string AccessKeyId, string Date, string Region, string Service);

    private sealed record Entry(byte[] Fingerprint, byte[] SigningKey);
}
