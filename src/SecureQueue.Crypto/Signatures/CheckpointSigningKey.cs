using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using SecureQueue.Crypto.Keys;

namespace SecureQueue.Crypto.Signatures;

/// <summary>
/// The Ed25519 key that signs audit checkpoints. It is kept in a file outside the database, apart from the
/// data KEKs, so someone who can rewrite the audit table cannot also re-sign it. File format in README.md.
/// </summary>
/// <remarks>
/// BouncyCastle.Cryptography is used for Ed25519 alone (.NET has none): no certificate, PEM or ASN.1 is parsed
/// through it (the key file is a bare base64 seed), and no RSA or TLS. Its 2.x line is past the advisories that
/// flag the older Portable.BouncyCastle (CVE-2024-29857, -30171, -30172, fixed in 2.3.1).
/// The bulk AEAD is the platform's AES-GCM, not BouncyCastle's GcmBlockCipher (table-driven GHASH, not constant time).
/// </remarks>
public sealed class CheckpointSigningKey
{
    public const string FileSetting = "SecureQueue:CheckpointKeyFile";
    public const int SeedSize = 32;
    public const int PublicKeySize = 32;
    public const int SignatureSize = 64;
    private readonly Ed25519PrivateKeyParameters privateKey;
    private readonly byte[] publicKey;

    private CheckpointSigningKey(Ed25519PrivateKeyParameters privateKey)
    {
        this.privateKey = privateKey;
        publicKey = privateKey.GeneratePublicKey().GetEncoded();
        Fingerprint = FingerprintOf(publicKey);
    }

    /// <summary>The raw 32-byte public key (RFC 8032 encoding), for verifiers.</summary>
    public ReadOnlySpan<byte> PublicKey => publicKey;

    /// <summary>Lowercase hex SHA-256 of the public key: names the key in checkpoints without a lookup table.</summary>
    public string Fingerprint { get; }

    /// <summary>The key id of a public key: lowercase hex SHA-256 of its 32 raw bytes.</summary>
    public static string FingerprintOf(ReadOnlySpan<byte> publicKey) => Convert.ToHexStringLower(SHA256.HashData(publicKey));

    /// <summary>Reads a public key file (base64 of the 32 raw bytes and a newline), as an auditor holds it.</summary>
    public static byte[] ReadPublicKeyFile(string path)
    {
        var text = File.ReadAllText(path).Trim();
        var key = new byte[PublicKeySize];
        if (!Convert.TryFromBase64String(text, key, out var written) || written != PublicKeySize)
        {
            throw new InvalidOperationException($"'{path}' must hold a base64 Ed25519 public key of {PublicKeySize} bytes.");
        }

        return key;
    }

    /// <summary>Writes the public key for verifiers; it is not secret, so the file is readable by anyone.</summary>
    public void WritePublicKeyFile(string path) => File.WriteAllText(path, Convert.ToBase64String(publicKey) + "\n");

    public static CheckpointSigningKey Generate()
    {
        // The seed comes straight from the OS generator (.NET's RandomNumberGenerator), not BouncyCastle's digest-based one.
        var seed = RandomNumberGenerator.GetBytes(SeedSize);
        try
        {
            return new CheckpointSigningKey(new Ed25519PrivateKeyParameters(seed));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    /// <summary>Loads the key from a file that only its owner may read.</summary>
    public static CheckpointSigningKey FromFile(string path)
    {
        var text = SecretFile.ReadAllBytes(path, FileSetting);
        var seed = new byte[SeedSize];
        try
        {
            // Decoded from the file's bytes, never through a string, so no copy of the seed outlives this call.
            var base64 = text.AsSpan().Trim(" \t\r\n"u8);
            if (Base64.DecodeFromUtf8(base64, seed, out var consumed, out var written) != OperationStatus.Done || consumed != base64.Length || written != SeedSize)
            {
                throw new InvalidOperationException($"{FileSetting} '{path}' must hold a base64 Ed25519 seed of {SeedSize} bytes.");
            }

            return new CheckpointSigningKey(new Ed25519PrivateKeyParameters(seed, 0));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(text);
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    /// <summary>Replaces <paramref name="path"/> atomically with a 0600 file holding the seed.</summary>
    public void WriteFile(string path)
    {
        var seed = privateKey.GetEncoded();
        var text = new byte[Base64.GetMaxEncodedToUtf8Length(SeedSize) + 1];
        try
        {
            Base64.EncodeToUtf8(seed, text, out _, out var written);
            text[written] = (byte)'\n';
            SecretFile.WriteAtomically(path, text);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
            CryptographicOperations.ZeroMemory(text);
        }
    }

    /// <summary>A pure Ed25519 signature (RFC 8032, no context, no pre-hash) of 64 bytes.</summary>
    public byte[] Sign(ReadOnlySpan<byte> data)
    {
        // Ed25519Signer buffers the message and is not thread-safe, so each call gets its own.
        var signer = new Ed25519Signer();
        signer.Init(true, privateKey);
        var message = data.ToArray();
        signer.BlockUpdate(message, 0, message.Length);
        return signer.GenerateSignature();
    }

    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) => Verify(publicKey, data, signature);

    /// <summary>Checks a signature against a public key alone, as an auditor without the private key does.</summary>
    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (publicKey.Length != PublicKeySize || signature.Length != SignatureSize)
        {
            return false;
        }

        var verifier = new Ed25519Signer();
        verifier.Init(false, new Ed25519PublicKeyParameters(publicKey.ToArray(), 0));
        var message = data.ToArray();
        verifier.BlockUpdate(message, 0, message.Length);
        return verifier.VerifySignature(signature.ToArray());
    }

    internal static CheckpointSigningKey FromSeed(ReadOnlySpan<byte> seed) => new(new Ed25519PrivateKeyParameters(seed.ToArray(), 0));
}
