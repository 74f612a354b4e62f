using System.Globalization;

namespace SecureQueue.Gateway.Authentication.SigV4;

/// <summary>The checks that need no secret, run before the key lookup and the HMAC.</summary>
public sealed partial class SigV4Verifier
{
    private const string UnsignedPayload = "UNSIGNED-PAYLOAD";

    // Scope mismatches are SignatureDoesNotMatch with AWS's messages: the claim is well formed, just not for us.
    private SigV4Result? CheckScope(SigV4Credential credential, string amzDate)
    {
        if (credential.Date != amzDate[..8])
        {
            return Mismatch(
                "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
                + $"'{credential.Date}' != '{amzDate[..8]}', from '{amzDate}'.",
                credential.AccessKeyId);
        }

        return !options.Serves(credential.Region)
            ? Mismatch("Credential should be scoped to a valid region.", credential.AccessKeyId)
            : credential.Service != options.Service
            ? Mismatch($"Credential should be scoped to correct service: '{options.Service}'.", credential.AccessKeyId)
            : credential.Terminator != SigV4Credential.RequiredTerminator
            ? Mismatch("Credential should be scoped with a valid terminator: 'aws4_request'.", credential.AccessKeyId)
            : null;
    }

    // An unsigned x-amz-* header (x-amz-target picks the operation) could be changed in flight without breaking
    // the signature, so every one present must be signed.
    private static SigV4Result? CheckSignedHeaders(SigV4Request request, SigV4Authorization claim)
    {
        var keyId = claim.Credential.AccessKeyId;
        if (!claim.SignedHeaders.Contains("host"))
        {
            return Incomplete(SigV4Messages.HostNotSigned, keyId);
        }

        List<string>? unsigned = null;
        foreach (var (name, _) in request.Headers)
        {
            if (name.StartsWith("x-amz-", StringComparison.OrdinalIgnoreCase) && !claim.SignedHeaders.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                var shown = SigV4Encoding.IsToken(name) ? name : "(invalid header name)";
                unsigned ??= [];
                if (!unsigned.Contains(shown, StringComparer.OrdinalIgnoreCase))
                {
                    unsigned.Add(shown);
                }
            }
        }

        return unsigned is null
            ? null
            : Incomplete(
                $"There were headers present in the request which were not signed: {string.Join(", ", unsigned)}.",
                keyId);
    }

    private SigV4Result? CheckTime(SigV4Authorization claim)
    {
        var now = time.GetUtcNow();
        var skew = options.MaxClockSkew;
        var minutes = skew.TotalMinutes.ToString("0.##", CultureInfo.InvariantCulture);
        var keyId = claim.Credential.AccessKeyId;
        if (claim.SignedAt > now + skew)
        {
            return Expired(
                $"Signature not yet current: {claim.AmzDate} is still later than {SigV4Timestamp.Format(now + skew)} "
                + $"({SigV4Timestamp.Format(now)} + {minutes} min.)",
                keyId);
        }

        // A presigned URL lives for X-Amz-Expires, not for the skew window.
        if (claim.Expires is { } lifetime)
        {
            return now > claim.SignedAt + lifetime ? Expired(SigV4Messages.PresignedExpired, keyId) : null;
        }

        return claim.SignedAt < now - skew
            ? Expired(
                $"Signature expired: {claim.AmzDate} is now earlier than {SigV4Timestamp.Format(now - skew)} "
                + $"({SigV4Timestamp.Format(now)} - {minutes} min.)",
                keyId)
            : null;
    }

    // This gateway issues no temporary credentials, so a session token is one it cannot validate: AWS's answer to
    // such a token is InvalidClientTokenId. Ignoring it would accept credentials the client believes are scoped.
    private static SigV4Result? CheckSessionToken(
        SigV4Request request, IReadOnlyList<SigV4Canonicalizer.QueryParameter> query, string keyId) =>
        HeaderValues(request, "x-amz-security-token").Count > 0 || query.Any(p => p.Name == "X-Amz-Security-Token")
            ? SigV4Result.Fail(SigV4Failure.InvalidClientTokenId, SigV4Messages.InvalidClientTokenId, keyId)
            : null;

    /// <summary>
    /// True when the request's one <c>x-amz-content-sha256</c> header is exactly <c>UNSIGNED-PAYLOAD</c>. The front door reads
    /// the same rule (<see cref="IsUnsignedPayload"/>) to decide that it may stream such a body instead of buffering it.
    /// </summary>
    public static bool IsUnsignedPayload(IEnumerable<string?> contentSha256Values)
    {
        using var values = contentSha256Values.GetEnumerator();
        return values.MoveNext() && values.Current?.Trim() == UnsignedPayload && !values.MoveNext();
    }

    private static bool ClaimsUnsignedPayload(SigV4Request request) => IsUnsignedPayload(HeaderValues(request, "x-amz-content-sha256"));

    // Unless unsigned payloads are allowed, the canonical request always carries the real body hash; the header may only repeat it. UNSIGNED-PAYLOAD and
    // the streaming modes exist for S3 and would leave an SQS body unauthenticated.
    private static SigV4Result? CheckPayloadHeader(SigV4Request request, string payloadHash, string keyId)
    {
        var claimed = HeaderValues(request, "x-amz-content-sha256");
        if (claimed.Count > 1)
        {
            return Incomplete("The request must not contain more than one 'x-amz-content-sha256' header.", keyId);
        }

        if (claimed.Count == 0)
        {
            return null;
        }

        var value = claimed[0].Trim();
        return value == UnsignedPayload || value.StartsWith("STREAMING-", StringComparison.Ordinal)
            ? Incomplete(
                "Unsigned and streaming payloads (x-amz-content-sha256 UNSIGNED-PAYLOAD or STREAMING-*) are not "
                + "supported by this service; the payload must be signed.",
                keyId)
            : value != payloadHash ? Mismatch(SigV4Messages.ContentHashMismatch, keyId) : null;
    }
}
