namespace SecureQueue.Gateway.Authentication.SigV4;

/// <summary>What a request claims about its signature, from either the header or the query form.</summary>
/// <param name="Credential">The parsed credential.</param>
/// <param name="SignedHeaders">Lowercase, sorted, unique header names.</param>
/// <param name="Signature">64 lowercase hex characters.</param>
/// <param name="AmzDate">The timestamp exactly as it enters the string to sign.</param>
/// <param name="SignedAt">The same timestamp, parsed.</param>
/// <param name="Expires">The presigned lifetime; null for the header form.</param>
internal sealed record SigV4Authorization(
    SigV4Credential Credential,
    IReadOnlyList<string> SignedHeaders,
    string Signature,
    string AmzDate,
    DateTimeOffset SignedAt,
    TimeSpan? Expires)
{
    public bool Presigned => Expires is not null;
}
