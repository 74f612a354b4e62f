namespace SecureQueue.Gateway.Authentication.SigV4;

/// <summary>
/// The outcome of <see cref="SigV4Verifier.Verify"/>. <see cref="Message"/> is safe to return to the client: it never
/// holds the canonical request, the string to sign, a signature or a secret.
/// </summary>
public sealed record SigV4Result
{
    private SigV4Result()
    {
    }

    public bool Succeeded => Failure is null;

    /// <summary>
    /// On success the authenticated key; on failure the claimed key when it could be parsed (for the audit log).
    /// Only ever <c>[A-Za-z0-9]</c>, so it is safe to log.
    /// </summary>
    public string? AccessKeyId { get; private init; }

    /// <summary>The request timestamp the client signed (success only).</summary>
    public DateTimeOffset? SignedAt { get; private init; }

    /// <summary>True when the signature came from the query string (a presigned URL).</summary>
    public bool Presigned { get; private init; }

    public SigV4Failure? Failure { get; private init; }

    /// <summary>An AWS-style error message; empty on success.</summary>
    public string Message { get; private init; } = string.Empty;

    internal static SigV4Result Success(string accessKeyId, DateTimeOffset signedAt, bool presigned) =>
        new() { AccessKeyId = accessKeyId, SignedAt = signedAt, Presigned = presigned };

    internal static SigV4Result Fail(SigV4Failure failure, string message, string? accessKeyId = null) =>
        new() { Failure = failure, Message = message, AccessKeyId = accessKeyId };
}
