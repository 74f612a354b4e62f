using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using SecureQueue.Crypto.Keys;
using SecureQueue.Log.Audit;

namespace SecureQueue.Trail.Lookup;

/// <summary>
/// LookupEvents' NextToken: where the last page ended (the recorded time and sequence number of its oldest event) and a truncated
/// HMAC-SHA256, under a key derived from the master key for this purpose only, over that position and the request's
/// canonical parameters (<see cref="LookupRequest.Canonical"/>). So a token cannot be forged or edited, and one used
/// with other parameters fails: both are <c>InvalidNextTokenException</c>, checked before the database is touched.
/// </summary>
internal sealed class NextTokenCodec(MasterKey masterKey)
{
    // Version 1 held a sequence number alone, when pages ran in sequence order; its tokens are refused.
    private const byte Version = 2;
    private const int PayloadSize = 1 + 8 + 8;
    private const int MacSize = 16;
    private const int MaxTokenLength = 64;
    private readonly byte[] key = masterKey.Derive("secq/lookup-next-token/v1");

    public string Encode(AuditCursor end, LookupRequest request)
    {
        Span<byte> buffer = stackalloc byte[PayloadSize + MacSize];
        buffer[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(buffer[1..], end.RecordedAt.UtcTicks);
        BinaryPrimitives.WriteInt64BigEndian(buffer[9..], end.SeqId);
        Mac(buffer[..PayloadSize], request, buffer[PayloadSize..]);
        return Convert.ToBase64String(buffer).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>Where a page ended; throws InvalidNextTokenException for anything this codec did not issue for these parameters.</summary>
    public AuditCursor Decode(string token, LookupRequest request)
    {
        if (token.Length is 0 or > MaxTokenLength)
        {
            throw TrailErrors.InvalidNextToken();
        }

        var base64 = token.Replace('-', '+').Replace('_', '/');
        base64 += new string('=', (4 - (base64.Length % 4)) % 4);
        Span<byte> buffer = stackalloc byte[48];
        if (!Convert.TryFromBase64String(base64, buffer, out var written) || written != PayloadSize + MacSize || buffer[0] != Version)
        {
            throw TrailErrors.InvalidNextToken();
        }

        Span<byte> expected = stackalloc byte[MacSize];
        Mac(buffer[..PayloadSize], request, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, buffer.Slice(PayloadSize, MacSize)))
        {
            throw TrailErrors.InvalidNextToken();
        }

        var ticks = BinaryPrimitives.ReadInt64BigEndian(buffer[1..]);
        var end = new AuditCursor(new DateTimeOffset(ticks, TimeSpan.Zero), BinaryPrimitives.ReadInt64BigEndian(buffer[9..]));

        // Base64 ignores unused trailing bits: only the one spelling this codec writes is accepted.
        if (Encode(end, request) != token)
        {
            throw TrailErrors.InvalidNextToken();
        }

        return end;
    }

    private void Mac(ReadOnlySpan<byte> payload, LookupRequest request, Span<byte> destination)
    {
        var canonical = Encoding.UTF8.GetBytes(request.Canonical());
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData(payload);
        hmac.AppendData(canonical);
        Span<byte> full = stackalloc byte[32];
        hmac.GetHashAndReset(full);
        full[..MacSize].CopyTo(destination);
    }
}
