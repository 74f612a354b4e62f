using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace SecureQueue.Gateway.Authentication.SigV4;

/// <summary>
/// Verifies AWS Signature Version 4 (header and presigned-query forms) the way AWS does for a non-S3 service.
/// Pure: no ASP.NET types, no I/O beyond the secret lookup, no logging (the caller logs the result, never the input).
/// </summary>
public sealed partial class SigV4Verifier
{
    private const int SigningKeyCacheCapacity = 1024;

    private readonly SigV4Options options;
    private readonly Func<string, string?> secretForAccessKey;
    private readonly TimeProvider time;
    private readonly SigV4SigningKeyCache signingKeys = new(SigningKeyCacheCapacity);

    /// <param name="options">Validated here, so an insecure setting fails at start-up.</param>
    /// <param name="secretForAccessKey">The secret for a key id, or null when the key is unknown or disabled.</param>
    /// <param name="time">The clock the skew and expiry checks use.</param>
    public SigV4Verifier(SigV4Options options, Func<string, string?> secretForAccessKey, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(secretForAccessKey);
        ArgumentNullException.ThrowIfNull(time);
        options.Validate();
        this.options = options;
        this.secretForAccessKey = secretForAccessKey;
        this.time = time;
    }

    public SigV4Result Verify(SigV4Request request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = SigV4Canonicalizer.ParseQuery(request.RawTarget);
        var authorization = HeaderValues(request, "authorization");
        var presigned = false;
        foreach (var parameter in query)
        {
            presigned |= parameter.Name is "X-Amz-Algorithm" or "X-Amz-Credential" or "X-Amz-Signature";
        }

        if (authorization.Count == 0 && !presigned)
        {
            return SigV4Result.Fail(SigV4Failure.MissingAuthenticationToken, SigV4Messages.MissingAuthenticationToken);
        }

        // Two claims on one request would let the signed and the unsigned one be read by different layers.
        if (authorization.Count > 0 && presigned)
        {
            return Incomplete(SigV4Messages.BothAuthenticationForms, null);
        }

        if (authorization.Count > 1)
        {
            return Incomplete("The request must contain exactly one Authorization header.", null);
        }

        if (!TryParse(request, query, authorization, out var claim, out var failure))
        {
            return failure;
        }

        return CheckScope(claim.Credential, claim.AmzDate)
            ?? CheckSignedHeaders(request, claim)
            ?? CheckTime(claim)
            ?? CheckSessionToken(request, query, claim.Credential.AccessKeyId)
            ?? CheckSignature(request, query, claim);
    }

    private bool TryParse(
        SigV4Request request,
        IReadOnlyList<SigV4Canonicalizer.QueryParameter> query,
        List<string> authorization,
        [NotNullWhen(true)] out SigV4Authorization? claim,
        [NotNullWhen(false)] out SigV4Result? failure)
    {
        if (authorization.Count == 0)
        {
            return SigV4AuthorizationParser.TryParseQuery(query, options.MaxPresignedExpiry, out claim, out failure);
        }

        return SigV4AuthorizationParser.TryParseHeader(authorization[0], request.Headers, out claim, out failure);
    }

    private SigV4Result CheckSignature(SigV4Request request, IReadOnlyList<SigV4Canonicalizer.QueryParameter> query, SigV4Authorization claim)
    {
        var credential = claim.Credential;
        // An unsigned payload is signed as the literal UNSIGNED-PAYLOAD, so a signature made over a body hash never verifies as unsigned.
        var unsigned = options.AllowUnsignedPayload && !claim.Presigned && ClaimsUnsignedPayload(request);
        var payloadHash = unsigned ? UnsignedPayload : SigV4Canonicalizer.PayloadHash(request.Body.Span);
        var payloadFailure = unsigned ? null : CheckPayloadHeader(request, payloadHash, credential.AccessKeyId);
        if (payloadFailure is not null)
        {
            return payloadFailure;
        }

        var secret = secretForAccessKey(credential.AccessKeyId);
        if (secret is null)
        {
            return SigV4Result.Fail(
                SigV4Failure.InvalidClientTokenId, SigV4Messages.InvalidClientTokenId, credential.AccessKeyId);
        }

        var fingerprint = SigV4SigningKeyCache.Fingerprint(secret);
        var cachedKey = signingKeys.Find(credential, fingerprint);
        var signingKey = cachedKey ?? SigV4SigningKeyCache.Derive(secret, credential);
        using var stringToSign = new Utf8Buffer(256);
        SigV4Canonicalizer.WriteStringToSign(
            stringToSign, request, query, claim.SignedHeaders, payloadHash, claim.Presigned, claim.AmzDate, credential.Scope);
        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(signingKey, stringToSign.Written, expected);
        Span<byte> claimed = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Convert.FromHexString(claim.Signature, claimed, out _, out _);
        if (!CryptographicOperations.FixedTimeEquals(expected, claimed))
        {
            return Mismatch(SigV4Messages.SignatureDoesNotMatch, credential.AccessKeyId);
        }

        if (cachedKey is null)
        {
            signingKeys.Remember(credential, fingerprint, signingKey);
        }

        return SigV4Result.Success(credential.AccessKeyId, claim.SignedAt, claim.Presigned);
    }

    private static List<string> HeaderValues(SigV4Request request, string name) => HeaderValues(request.Headers, name);

    /// <summary>Every value of the header <paramref name="name"/> (any case), in arrival order.</summary>
    internal static List<string> HeaderValues(IReadOnlyList<KeyValuePair<string, string>> headers, string name)
    {
        var values = new List<string>(1);
        foreach (var header in headers)
        {
            if (string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                values.Add(header.Value ?? string.Empty);
            }
        }

        return values;
    }

    private static SigV4Result Incomplete(string message, string? keyId) =>
        SigV4Result.Fail(SigV4Failure.IncompleteSignature, message, keyId);

    private static SigV4Result Mismatch(string message, string keyId) =>
        SigV4Result.Fail(SigV4Failure.SignatureDoesNotMatch, message, keyId);

    private static SigV4Result Expired(string message, string keyId) =>
        SigV4Result.Fail(SigV4Failure.RequestExpired, message, keyId);
}
