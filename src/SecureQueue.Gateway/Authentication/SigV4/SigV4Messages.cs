namespace SecureQueue.Gateway.Authentication.SigV4;

/// <summary>
/// AWS's wording where clients and people recognise it. AWS appends the canonical request and string to sign to
/// SignatureDoesNotMatch; we never do, because echoing them lets a caller probe our canonicalizer.
/// </summary>
internal static class SigV4Messages
{
    public const string MissingAuthenticationToken = "Request is missing Authentication Token";

    public const string InvalidClientTokenId = "The security token included in the request is invalid.";

    public const string SignatureDoesNotMatch =
        "The request signature we calculated does not match the signature you provided. "
        + "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

    public const string BothAuthenticationForms =
        "Only one authentication mechanism is allowed: use either the Authorization header or the X-Amz-* "
        + "query-string parameters, not both.";

    public const string MissingDate =
        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.";

    public const string BadDate = "X-Amz-Date must be in the ISO-8601 basic format YYYYMMDD'T'HHMMSS'Z'.";

    public const string BadSignature = "Signature must be 64 lowercase hexadecimal characters.";

    public const string BadSignedHeaders =
        "SignedHeaders must be a non-empty list of unique lowercase header names, sorted and separated by ';'.";

    public const string HostNotSigned = "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.";

    public const string UnsupportedAlgorithm = "Unsupported AWS 'algorithm': only 'AWS4-HMAC-SHA256' is accepted.";

    public const string ContentHashMismatch =
        "The provided 'x-amz-content-sha256' header does not match what was computed.";

    public const string PresignedExpired = "Request has expired.";
}
