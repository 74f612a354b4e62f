using System.Buffers.Binary;
using System.Security.Cryptography;

namespace SecureQueue.Storage.Log;

/// <summary>The chain link of one event: SHA-256(prev_hash ‖ position ‖ data).</summary>
public static class EventHash
{
    public const int Size = 32;

    public static byte[] Compute(ReadOnlySpan<byte> previousHash, long position, ReadOnlySpan<byte> data)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(previousHash);
        Span<byte> positionBytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(positionBytes, position);
        hash.AppendData(positionBytes);
        hash.AppendData(data);
        return hash.GetHashAndReset();
    }
}
