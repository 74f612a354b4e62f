using System.Security.Cryptography;
using System.Text;

namespace SecureQueue.Gateway.Identity;

/// <summary>SHA-256 over one identity's entry and the texts of its policies, each field length-prefixed so none can run into the next.</summary>
internal static class IdentityDigest
{
    public static string Of(IdentityEntry entry, IReadOnlyList<string> policyTexts)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Add(hash, entry.Name, entry.Arn);
        foreach (var (key, value) in (entry.Tags ?? new Dictionary<string, string>()).OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            Add(hash, "tag", key, value);
        }

        foreach (var key in entry.AccessKeys ?? [])
        {
            Add(hash, "accessKey", key.AccessKeyId, key.SecretAccessKey);
        }

        foreach (var token in entry.Federated ?? [])
        {
            Add(hash, "federated", token.Issuer, token.Subject);
        }

        foreach (var certificate in entry.Certificates ?? [])
        {
            Add(hash, "certificate", certificate.Subject, certificate.Dns);
        }

        foreach (var text in policyTexts)
        {
            Add(hash, "policy", text);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static void Add(IncrementalHash hash, params string?[] fields)
    {
        Span<byte> length = stackalloc byte[4];
        foreach (var field in fields)
        {
            var bytes = Encoding.UTF8.GetBytes(field ?? string.Empty);
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, field is null ? -1 : bytes.Length);
            hash.AppendData(length);
            hash.AppendData(bytes);
            CryptographicOperations.ZeroMemory(bytes);
        }
    }
}
