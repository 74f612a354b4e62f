using System.Globalization;
using System.Text;
using System.Text.Json;
using SecureQueue.Crypto.Signatures;
using SecureQueue.Log.Events;

namespace SecureQueue.Log.Audit;

/// <summary>
/// A signed statement "the log had reached <see cref="Position"/> with link <see cref="Hash"/> at <see cref="Time"/>",
/// stored in the <c>checkpoints</c> table and as one JSON line in the checkpoint file of <see cref="Origin"/>.
/// Ed25519 signatures are deterministic, so the signature also identifies the checkpoint in both places.
/// </summary>
public sealed record Checkpoint(long Position, byte[] Hash, DateTimeOffset Time, string KeyId, string Origin, byte[] Signature)
{
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    public static Checkpoint Sign(CheckpointSigningKey key, long position, byte[] hash, DateTimeOffset time, string origin)
    {
        var stored = EventHash.StoredTime(time);
        return new Checkpoint(position, hash, stored, key.Fingerprint, origin, key.Sign(SignedBytes(position, hash, stored, key.Fingerprint, origin)));
    }

    /// <summary>True when the signature is valid under <paramref name="publicKey"/> and the key id names that key.</summary>
    public bool IsSignedBy(ReadOnlySpan<byte> publicKey) =>
        KeyId == CheckpointSigningKey.FingerprintOf(publicKey)
        && CheckpointSigningKey.Verify(publicKey, SignedBytes(Position, Hash, Time, KeyId, Origin), Signature);

    public string SignatureText => Convert.ToBase64String(Signature);

    public string ToJsonLine() => JsonSerializer.Serialize(new CheckpointLine(
        1, Position, Convert.ToHexStringLower(Hash), Time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture), KeyId, Origin, SignatureText),
        CheckpointJson.Default.CheckpointLine);

    /// <summary>Parses one line of a checkpoint file; a line that is not a well-formed checkpoint throws <see cref="FormatException"/>.</summary>
    public static Checkpoint FromJsonLine(string line)
    {
        CheckpointLine? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize(line, CheckpointJson.Default.CheckpointLine);
        }
        catch (JsonException exception)
        {
            throw new FormatException("not a checkpoint: " + exception.Message, exception);
        }

        if (parsed is not { V: 1, Position: >= 0, Hash.Length: EventHash.Size * 2, KeyId: not null, Origin: not null, Signature: not null, Time: not null }
            || !DateTimeOffset.TryParseExact(parsed.Time, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            throw new FormatException("not a version 1 checkpoint");
        }

        try
        {
            return new Checkpoint(parsed.Position, Convert.FromHexString(parsed.Hash), time, parsed.KeyId, parsed.Origin, Convert.FromBase64String(parsed.Signature));
        }
        catch (FormatException exception)
        {
            throw new FormatException("bad hash or signature encoding", exception);
        }
    }

    /// <summary>
    /// What is signed: fixed-order lines with a domain tag. Every field but the last has a character set without a
    /// newline, so the origin (last) cannot shift a boundary.
    /// </summary>
    private static byte[] SignedBytes(long position, byte[] hash, DateTimeOffset time, string keyId, string origin) => Encoding.UTF8.GetBytes(
        $"secq-checkpoint-v1\n{position.ToString(CultureInfo.InvariantCulture)}\n{Convert.ToHexStringLower(hash)}\n" +
        $"{time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture)}\n{keyId}\n{origin}\n");
}

/// <summary>The JSON line of a checkpoint file.</summary>
internal sealed record CheckpointLine(int V, long Position, string Hash, string Time, string KeyId, string Origin, string Signature);
