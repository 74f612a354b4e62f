using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using SecureQueue.Crypto.Keys;

namespace SecureQueue.Trail.Lookup;

/// <summary>
/// LookupEvents' NextToken: where the last page ended (the sequence number of its oldest event) and a truncated
/// HMAC-SHA256, under a key derived from the master key for this purpose only, over that position and the request's
/// canonical parameters (<see cref="LookupRequest.Canonical"/>). So a token cannot be forged or edited, and one used
/// with other parameters fails: both are <c>InvalidNextTokenException</c>, checked before the database is touched.
/// </summary>
public sealed class NextTokenCodec(MasterKey masterKey)
{
    private const byte Version = 1;
    private const int PayloadSize = 1 + 8;
    private const int MacSize = 16;
    private const int MaxTokenLength = 64;
    private readonly byte[] key = masterKey.Derive("secq/lookup-next-token/v1");

    public string Encode(long lastSequence, LookupRequest request)
    {
        Span<byte> buffer = stackalloc byte[PayloadSize + MacSize];
        buffer[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(buffer[1..], lastSequence);
        Mac(buffer[..PayloadSize], request, buffer[PayloadSize..]);
        return Convert.ToBase64String(buffer).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>The sequence number a page ended at; throws InvalidNextTokenException for anything this codec did not issue for these parameters.</summary>
    public long Decode(string token, LookupRequest request)
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
        var sequence = BinaryPrimitives.ReadInt64BigEndian(buffer[1..]);

        // Base64 ignores unused trailing bits: only the one spelling this codec writes is accepted.
        if (!CryptographicOperations.FixedTimeEquals(expected, buffer.Slice(PayloadSize, MacSize)) || Encode(sequence, request) != token)
        {
            throw TrailErrors.InvalidNextToken();
        }

        return sequence;
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
