using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SecureQueue.Crypto.Signatures;

namespace SecureQueue.Trail.Exports;

/// <summary>
/// How a digest is signed: CloudTrail's string to sign (end time, location, hash of the digest, previous signature or
/// the literal <c>null</c>) behind a domain tag, signed with the Ed25519 checkpoint key (pure Ed25519) instead of RSA.
/// The hash is over the digest file's bytes as stored (gzipped), so every byte of it is covered. The signature goes in
/// a sidecar file (<c>&lt;digest&gt;.sig</c>, lowercase hex and a newline), where CloudTrail uses S3 object metadata;
/// the next digest repeats it, so the signatures chain.
/// </summary>
internal static class DigestSignature
{
    public static string Sign(CheckpointSigningKey key, ExportDigest digest, ReadOnlySpan<byte> storedDigest) =>
        Convert.ToHexStringLower(key.Sign(StringToSign(digest, storedDigest)));

    public static bool Verify(ReadOnlySpan<byte> publicKey, ExportDigest digest, ReadOnlySpan<byte> storedDigest, string signatureHex)
    {
        byte[] signature;
        try
        {
            signature = Convert.FromHexString(signatureHex);
        }
        catch (FormatException)
        {
            return false;
        }

        return CheckpointSigningKey.Verify(publicKey, StringToSign(digest, storedDigest), signature);
    }

    /// <summary>SHA-256 of a file's stored bytes, lowercase hex: what digests name log files and previous digests by.</summary>
    public static string Hash(ReadOnlySpan<byte> stored) => Convert.ToHexStringLower(SHA256.HashData(stored));

    private static byte[] StringToSign(ExportDigest digest, ReadOnlySpan<byte> storedDigest) => Encoding.UTF8.GetBytes(
        "secq-export-digest-v1\n" +
        digest.End.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) + "\n" +
        digest.Path + "\n" +
        Hash(storedDigest) + "\n" +
        (digest.PreviousSignature ?? "null"));
}
