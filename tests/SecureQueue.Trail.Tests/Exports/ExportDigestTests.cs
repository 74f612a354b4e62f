using System.Text;
using SecureQueue.Crypto.Signatures;
using SecureQueue.Log.Audit;
using SecureQueue.Trail.Exports;

namespace SecureQueue.Trail.Tests.Exports;

public sealed class ExportDigestTests
{
    private static readonly CheckpointSigningKey Key = CheckpointSigningKey.Generate();
    private static readonly DateTimeOffset End = new(2026, 11, 29, 10, 40, 12, TimeSpan.Zero);

    [Fact]
    public void ToJson_Parse_RoundTripsEveryField()
    {
        var digest = Digest();
        var parsed = ExportDigest.Parse(digest.ToJson());
        Assert.Equal(digest with { Checkpoint = null }, parsed with { Checkpoint = null, LogFiles = digest.LogFiles });
        Assert.Equal(digest.LogFiles, parsed.LogFiles);
        Assert.Equal(digest.Checkpoint!.SignatureText, parsed.Checkpoint!.SignatureText);
        Assert.True(parsed.Checkpoint.IsSignedBy(Key.PublicKey));
    }

    [Fact]
    public void ToJson_HasCloudTrailDigestFields()
    {
        var text = Encoding.UTF8.GetString(Digest().ToJson());
        foreach (var field in (string[])["awsAccountId", "digestStartTime", "digestEndTime", "digestS3Object", "digestPublicKeyFingerprint", "digestSignatureAlgorithm",
            "newestEventTime", "oldestEventTime", "previousDigestS3Object", "previousDigestHashValue", "previousDigestHashAlgorithm", "previousDigestSignature", "logFiles"])
        {
            Assert.Contains($"\"{field}\":", text, StringComparison.Ordinal);
        }

        Assert.Contains("\"digestSignatureAlgorithm\":\"Ed25519\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_SignedDigest_True()
    {
        var digest = Digest();
        var stored = digest.ToJson();
        Assert.True(DigestSignature.Verify(Key.PublicKey.ToArray(), digest, stored, DigestSignature.Sign(Key, digest, stored)));
    }

    [Fact]
    public void Verify_AnyByteChanged_False()
    {
        var digest = Digest();
        var stored = digest.ToJson();
        var signature = DigestSignature.Sign(Key, digest, stored);
        stored[stored.Length / 2] ^= 1;
        Assert.False(DigestSignature.Verify(Key.PublicKey.ToArray(), digest, stored, signature));
    }

    [Fact]
    public void Verify_OtherPreviousSignatureOrPath_False()
    {
        var digest = Digest();
        var stored = digest.ToJson();
        var signature = DigestSignature.Sign(Key, digest, stored);
        Assert.False(DigestSignature.Verify(Key.PublicKey.ToArray(), digest with { PreviousSignature = "00" }, stored, signature));
        Assert.False(DigestSignature.Verify(Key.PublicKey.ToArray(), digest with { Path = digest.Path + "x" }, stored, signature));
        Assert.False(DigestSignature.Verify(Key.PublicKey.ToArray(), digest with { End = End.AddSeconds(1) }, stored, signature));
    }

    [Fact]
    public void Verify_OtherKeyOrGarbage_False()
    {
        var digest = Digest();
        var stored = digest.ToJson();
        Assert.False(DigestSignature.Verify(Key.PublicKey.ToArray(), digest, stored, DigestSignature.Sign(CheckpointSigningKey.Generate(), digest, stored)));
        Assert.False(DigestSignature.Verify(Key.PublicKey.ToArray(), digest, stored, "not hex"));
    }

    [Theory]
    [InlineData("\"digestEndTime\":\"2026-11-29T10:40:12Z\",", "")]
    [InlineData("\"digestSignatureAlgorithm\":\"Ed25519\"", "\"digestSignatureAlgorithm\":\"SHA256withRSA\"")]
    [InlineData("\"lastPosition\":42,", "\"lastPosition\":\"42\",")]
    [InlineData("{", "[")]
    public void Parse_MissingOrWrongField_InvalidFormat(string from, string to)
    {
        var text = Encoding.UTF8.GetString(Digest().ToJson());
        Assert.Contains(from, text, StringComparison.Ordinal);
        var error = Assert.Throws<InvalidDataException>(() => ExportDigest.Parse(Encoding.UTF8.GetBytes(ReplaceFirst(text, from, to))));
        Assert.StartsWith("invalid format", error.Message, StringComparison.Ordinal);
    }

    private static string ReplaceFirst(string text, string from, string to)
    {
        var at = text.IndexOf(from, StringComparison.Ordinal);
        return text[..at] + to + text[(at + from.Length)..];
    }

    private static ExportDigest Digest()
    {
        var hash = new byte[32];
        hash[0] = 7;
        var checkpoint = Checkpoint.Sign(Key, 42, hash, End, "gw-a:/var/lib/secq/checkpoints.jsonl");
        var file = new DigestLogFile("AWSLogs/123456789012/CloudTrail/eu-west-1/2026/11/29/123456789012_CloudTrail_eu-west-1_20261129T1040Z_abcdefghijklmnop.json.gz",
            new string('a', 64), End.AddMinutes(-30), End.AddMinutes(-1), 40, 42);
        return new ExportDigest("123456789012", End.AddMinutes(-40), End,
            "AWSLogs/123456789012/CloudTrail-Digest/eu-west-1/2026/11/29/123456789012_CloudTrail-Digest_eu-west-1_secq_eu-west-1_20261129T104012Z.json.gz",
            Key.Fingerprint, "cloudtrail", "AWSLogs/…/previous.json.gz", new string('b', 64), new string('c', 128), 40, 42, Convert.ToHexStringLower(hash), checkpoint, [file]);
    }
}
