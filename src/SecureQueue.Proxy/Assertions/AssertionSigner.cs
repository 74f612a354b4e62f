using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;
using SecureQueue.Crypto.Keys;
using SecureQueue.Gateway.Identity;

namespace SecureQueue.Proxy.Assertions;

/// <summary>
/// Mints the short-lived identity assertion each proxied request carries upstream (an ES256 JWT: <c>sub</c> the principal
/// ARN, <c>aud</c> the cluster, <c>jti</c> the request id) and publishes the public key as a JWKS document. The token is
/// written directly (RFC 7515 compact form: a header encoded once, the claims written once, one ECDSA signature), not
/// through IdentityModel's token handler, whose claim dictionaries and re-serialisation cost more than the signature
/// itself on every proxied request; the tests verify what it writes with IdentityModel.
/// </summary>
internal sealed class AssertionSigner
{
    /// <summary>The request header that carries the assertion; a copy a client sends is always removed first.</summary>
    public const string Header = "X-SecureQueue-Assertion";

    /// <summary>Where upstreams fetch the verification key.</summary>
    public const string JwksPath = "/.well-known/secq/jwks.json";

    // Instances of the one key, each behind its own lock: .NET does not promise that an ECDsa instance may sign on several
    // threads at once, and one lock over a P-256 signature (about 30 µs) would serialize every proxied request of a host.
    private readonly (ECDsa Key, Lock Gate)[] signers;
    private readonly byte[] encodedHeader;
    private readonly string issuer;
    private readonly TimeSpan lifetime;
    private readonly TimeProvider time;

    // Where the next signature starts looking for a free instance.
    private int next;

    public AssertionSigner(ECDsa key, string issuer, TimeSpan lifetime, TimeProvider time)
    {
        if (key.KeySize != 256)
        {
            throw new InvalidOperationException($"{FrontDoorOptions.Section}:AssertionKeyFile must hold an ECDSA P-256 key (ES256).");
        }

        using var publicKey = ECDsa.Create(key.ExportParameters(false));
        var jwk = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(publicKey));
        KeyId = Base64UrlEncoder.Encode(jwk.ComputeJwkThumbprint());
        signers = Instances(key);
        encodedHeader = Encoding.ASCII.GetBytes(Base64UrlEncoder.Encode(JsonSerializer.SerializeToUtf8Bytes(
            new Dictionary<string, string> { ["alg"] = SecurityAlgorithms.EcdsaSha256, ["kid"] = KeyId, ["typ"] = "JWT" })));
        this.issuer = issuer;
        this.lifetime = lifetime;
        this.time = time;
        Jwks = JsonSerializer.SerializeToUtf8Bytes(new
        {
            keys = new[] { new { kty = jwk.Kty, use = "sig", alg = SecurityAlgorithms.EcdsaSha256, kid = KeyId, crv = jwk.Crv, x = jwk.X, y = jwk.Y } },
        });
    }

    /// <summary>The JWKS document (public key only).</summary>
    public byte[] Jwks { get; }

    /// <summary>The RFC 7638 thumbprint of the public key, the header's <c>kid</c>.</summary>
    public string KeyId { get; }

    public static AssertionSigner Load(FrontDoorOptions options, string contentRoot, TimeProvider time)
    {
        options.Validate();
        var path = Path.GetFullPath(options.AssertionKeyFile, contentRoot);
        var bytes = SecretFile.ReadAllBytes(path, $"{FrontDoorOptions.Section}:AssertionKeyFile");
        var pem = Encoding.UTF8.GetChars(bytes);
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
            var signer = new AssertionSigner(key, options.AssertionIssuer, TimeSpan.FromSeconds(options.AssertionLifetimeSeconds), time);
            key = null;
            return signer;
        }
        catch (ArgumentException exception)
        {
            throw new InvalidOperationException($"{FrontDoorOptions.Section}:AssertionKeyFile ('{path}') holds no PEM ECDSA private key.", exception);
        }
        finally
        {
            // The signer owns the key once built; on any failure before that, it is released here.
            key?.Dispose();
            CryptographicOperations.ZeroMemory(bytes);
            Array.Clear(pem);
        }
    }

    public string Sign(Caller caller, string audience, string routeId, Guid requestId)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var payload = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(payload))
        {
            json.WriteStartObject();
            json.WriteString("iss", issuer);
            json.WriteString("aud", audience);
            json.WriteString("sub", caller.PrincipalArn);
            json.WriteNumber("iat", now);
            json.WriteNumber("nbf", now);
            json.WriteNumber("exp", now + (long)lifetime.TotalSeconds);
            json.WriteString("jti", requestId);
            json.WriteString("secq:route", routeId);
            json.WriteString("secq:auth", caller.Method.ToString());
            json.WriteStartObject("secq:tags");
            foreach (var (tag, value) in caller.Identity.Tags)
            {
                json.WriteString(tag, value);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        // header.payload, then its ES256 signature: the raw r||s pair (IEEE P1363), as JWS requires, not DER.
        var payloadLength = Base64Url.GetEncodedLength(payload.WrittenCount);
        var token = new byte[encodedHeader.Length + 1 + payloadLength + 1 + Base64Url.GetEncodedLength(64)];
        encodedHeader.CopyTo(token, 0);
        token[encodedHeader.Length] = (byte)'.';
        Base64Url.EncodeToUtf8(payload.WrittenSpan, token.AsSpan(encodedHeader.Length + 1));
        var signed = encodedHeader.Length + 1 + payloadLength;
        Span<byte> signature = stackalloc byte[64];
        if (!TrySign(token.AsSpan(0, signed), signature, out var written) || written != 64)
        {
            throw new CryptographicException("The assertion could not be signed.");
        }

        token[signed] = (byte)'.';
        Base64Url.EncodeToUtf8(signature, token.AsSpan(signed + 1));
        return Encoding.ASCII.GetString(token);
    }

    /// <summary>The key itself and, for each further core (at most 16 in all), an instance imported from its private parameters.</summary>
    private static (ECDsa, Lock)[] Instances(ECDsa key)
    {
        var instances = new (ECDsa, Lock)[Math.Clamp(Environment.ProcessorCount, 1, 16)];
        instances[0] = (key, new Lock());
        if (instances.Length == 1)
        {
            return instances;
        }

        var parameters = key.ExportParameters(includePrivateParameters: true);
        try
        {
            for (var i = 1; i < instances.Length; i++)
            {
                instances[i] = (ECDsa.Create(parameters), new Lock());
            }

            return instances;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(parameters.D);
        }
    }

    /// <summary>Signs on the first free instance from a rotating start; when all are busy, waits for the start's.</summary>
    private bool TrySign(ReadOnlySpan<byte> data, Span<byte> signature, out int written)
    {
        var start = (int)((uint)Interlocked.Increment(ref next) % (uint)signers.Length);
        for (var i = 0; i < signers.Length; i++)
        {
            var (key, gate) = signers[(start + i) % signers.Length];
            if (gate.TryEnter())
            {
                try
                {
                    return Sign(key, data, signature, out written);
                }
                finally
                {
                    gate.Exit();
                }
            }
        }

        var (waited, waitedGate) = signers[start];
        lock (waitedGate)
        {
            return Sign(waited, data, signature, out written);
        }
    }

    private static bool Sign(ECDsa key, ReadOnlySpan<byte> data, Span<byte> signature, out int written) =>
        key.TrySignData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation, out written);
}
