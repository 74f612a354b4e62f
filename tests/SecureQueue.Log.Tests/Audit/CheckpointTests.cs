using SecureQueue.Crypto.Signatures;
using SecureQueue.Log.Audit;

namespace SecureQueue.Log.Tests.Audit;

public sealed class CheckpointTests
{
    private static readonly CheckpointSigningKey Key = CheckpointSigningKey.Generate();

    [Fact]
    public void FromJsonLine_OfToJsonLine_SameCheckpointStillSigned()
    {
        var checkpoint = Checkpoint.Sign(Key, 1234, Enumerable.Repeat((byte)7, 32).ToArray(), DateTimeOffset.UtcNow, "gw-a:/var/lib/secq/checkpoints.jsonl");
        var line = checkpoint.ToJsonLine();
        var parsed = Checkpoint.FromJsonLine(line);

        Assert.DoesNotContain('\n', line);
        Assert.Equal((checkpoint.Position, checkpoint.Time, checkpoint.KeyId, checkpoint.Origin), (parsed.Position, parsed.Time, parsed.KeyId, parsed.Origin));
        Assert.Equal(checkpoint.Hash, parsed.Hash);
        Assert.True(parsed.IsSignedBy(Key.PublicKey));
        Assert.Equal(0, checkpoint.Time.Ticks % 10);
    }

    [Fact]
    public void IsSignedBy_AnyFieldChanged_False()
    {
        var checkpoint = Checkpoint.Sign(Key, 10, new byte[32], DateTimeOffset.UtcNow, "gw-a:/c.jsonl");
        Assert.False((checkpoint with { Position = 11 }).IsSignedBy(Key.PublicKey));
        Assert.False((checkpoint with { Hash = Enumerable.Repeat((byte)1, 32).ToArray() }).IsSignedBy(Key.PublicKey));
        Assert.False((checkpoint with { Time = checkpoint.Time.AddTicks(10) }).IsSignedBy(Key.PublicKey));
        Assert.False((checkpoint with { Origin = "gw-b:/c.jsonl" }).IsSignedBy(Key.PublicKey));
        Assert.False(checkpoint.IsSignedBy(CheckpointSigningKey.Generate().PublicKey));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("""{"v":2,"position":1,"hash":"00","time":"x","keyId":"k","origin":"o","signature":"AA=="}""")]
    [InlineData("""{"v":1,"position":1,"hash":"zz00000000000000000000000000000000000000000000000000000000000000","time":"2026-11-29T12:00:00.000000Z","keyId":"k","origin":"o","signature":"AA=="}""")]
    public void FromJsonLine_NotACheckpoint_FormatException(string line) =>
        Assert.Throws<FormatException>(() => Checkpoint.FromJsonLine(line));
}
