using System.Security.Cryptography;
using SecureQueue.Crypto.Envelopes;
using SecureQueue.Crypto.Keys;

namespace SecureQueue.Crypto.Tests.Envelopes;

public sealed class EnvelopeTests
{
    private static readonly Guid MessageId = Guid.Parse("5fea7756-0ea4-451a-a703-a558b933e274");
    private static readonly byte[] Aad = AssociatedData.For(TestKeys.QueueArn, MessageId, 1);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1024)]
    [InlineData(1024 * 1024)]
    public void Seal_ThenOpen_ReturnsPlaintext(int length)
    {
        using var key = DataKey.Generate();
        var plaintext = TestKeys.Random(length);

        var envelope = Envelope.Seal(key, plaintext, Aad);

        Assert.Equal(Envelope.Overhead + length, envelope.Length);
        Assert.Equal(plaintext, Envelope.Open(key, envelope, Aad));
        Assert.True(Envelope.TryOpen(key, envelope, Aad, out var opened));
        Assert.Equal(plaintext, opened);
    }

    [Fact]
    public void Seal_SamePlaintextTwice_DiffersByNonce()
    {
        using var key = DataKey.Generate();
        var plaintext = TestKeys.Utf8("same");

        Assert.NotEqual(Envelope.Seal(key, plaintext, Aad), Envelope.Seal(key, plaintext, Aad));
    }

    [Fact]
    public void Seal_Layout_MatchesReadme()
    {
        var keyId = Guid.Parse("00112233-4455-6677-8899-aabbccddeeff");
        using var key = TestKeys.DataKey(keyId, 7);
        var plaintext = TestKeys.Utf8("layout");

        var envelope = Envelope.Seal(key, plaintext, Aad);

        Assert.Equal(2, envelope[0]);
        Assert.Equal(Convert.FromHexString("00112233445566778899aabbccddeeff"), envelope[1..17]);
        var nonce = envelope[17..29];
        var prk = HKDF.Extract(HashAlgorithmName.SHA512, Enumerable.Repeat((byte)7, 32).ToArray(), salt: []);
        Assert.Equal(HKDF.Expand(HashAlgorithmName.SHA512, prk, 32, [.. "secq/envelope/v2/commitment"u8, .. envelope[1..17]]), envelope[29..61]);
        var gcmKey = HKDF.Expand(HashAlgorithmName.SHA512, prk, 32, [.. "secq/envelope/v2/gcm-key"u8, .. envelope[1..17]]);
        var decrypted = new byte[plaintext.Length];
        using var aes = new AesGcm(gcmKey, 16);
        aes.Decrypt(nonce, envelope[61..^16], envelope[^16..], decrypted, (byte[])[.. envelope[..61], .. Aad]);
        Assert.Equal(plaintext, decrypted);
    }

    [Fact]
    public void Seal_ManyEnvelopes_SameCommitmentFreshNonces()
    {
        using var key = DataKey.Generate();

        var envelopes = Enumerable.Range(0, 100).Select(_ => Envelope.Seal(key, TestKeys.Utf8("same"), Aad)).ToList();

        Assert.Single(envelopes.Select(e => Convert.ToHexString(e, 29, 32)).Distinct());
        Assert.Equal(100, envelopes.Select(e => Convert.ToHexString(e, 17, 12)).Distinct().Count());
    }

    public static TheoryData<int, EnvelopeFailure> EveryPosition()
    {
        var data = new TheoryData<int, EnvelopeFailure>();
        for (var i = 0; i < Envelope.Overhead + 8; i++)
        {
            data.Add(i, i switch
            {
                0 => EnvelopeFailure.UnsupportedVersion,
                < 17 => EnvelopeFailure.KeyMismatch,
                < 29 => EnvelopeFailure.AuthenticationFailed,
                < Envelope.HeaderSize => EnvelopeFailure.CommitmentMismatch,
                _ => EnvelopeFailure.AuthenticationFailed,
            });
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryPosition))]
    public void Open_ByteFlipped_FailsWithoutPlaintext(int position, EnvelopeFailure expected)
    {
        using var key = DataKey.Generate();
        var envelope = Envelope.Seal(key, TestKeys.Utf8("8 bytes!"), Aad);
        envelope[position] ^= 0x01;

        var error = Assert.Throws<EnvelopeException>(() => Envelope.Open(key, envelope, Aad));

        Assert.Equal(expected, error.Failure);
        Assert.False(Envelope.TryOpen(key, envelope, Aad, out var plaintext));
        Assert.Null(plaintext);
        envelope[position] ^= 0x01;
        Assert.Equal(TestKeys.Utf8("8 bytes!"), Envelope.Open(key, envelope, Aad));
    }

    [Fact]
    public void Open_EveryTruncation_Fails()
    {
        using var key = DataKey.Generate();
        var envelope = Envelope.Seal(key, TestKeys.Utf8("truncate me"), Aad);

        for (var length = 0; length < envelope.Length; length++)
        {
            Assert.False(Envelope.TryOpen(key, envelope.AsSpan(0, length), Aad, out _), $"opened at length {length}");
        }

        Assert.Equal(EnvelopeFailure.Malformed, Assert.Throws<EnvelopeException>(() => Envelope.Open(key, envelope.AsSpan(0, Envelope.Overhead - 1).ToArray(), Aad)).Failure);
    }

    [Fact]
    public void Open_ByteAppended_Fails()
    {
        using var key = DataKey.Generate();
        var envelope = Envelope.Seal(key, TestKeys.Utf8("x"), Aad);

        Assert.False(Envelope.TryOpen(key, [.. envelope, 0], Aad, out _));
    }

    [Fact]
    public void Open_OtherDataKey_KeyMismatch()
    {
        using var key = DataKey.Generate();
        using var other = DataKey.Generate();
        var envelope = Envelope.Seal(key, TestKeys.Utf8("secret"), Aad);

        Assert.Equal(EnvelopeFailure.KeyMismatch, Assert.Throws<EnvelopeException>(() => Envelope.Open(other, envelope, Aad)).Failure);
    }

    [Fact]
    public void Open_SameKeyIdOtherKeyMaterial_FailsOnCommitmentBeforeDecrypting()
    {
        var keyId = Guid.NewGuid();
        using var key = TestKeys.DataKey(keyId, 1);
        using var impostor = TestKeys.DataKey(keyId, 2);
        var envelope = Envelope.Seal(key, TestKeys.Utf8("secret"), Aad);

        Assert.Equal(EnvelopeFailure.CommitmentMismatch, Assert.Throws<EnvelopeException>(() => Envelope.Open(impostor, envelope, Aad)).Failure);
    }

    [Fact]
    public void Open_TwoKeysSameKeyId_NeitherOpensTheOthersEnvelopes()
    {
        var keyId = Guid.NewGuid();
        using var first = TestKeys.DataKey(keyId, 1);
        using var second = TestKeys.DataKey(keyId, 2);
        var plaintext = TestKeys.Utf8("committed");
        var byFirst = Envelope.Seal(first, plaintext, Aad);
        var bySecond = Envelope.Seal(second, plaintext, Aad);
        var destination = Enumerable.Repeat((byte)0xAA, plaintext.Length).ToArray();

        Assert.NotEqual(byFirst[29..61], bySecond[29..61]);
        foreach (var (key, envelope) in new[] { (second, byFirst), (first, bySecond) })
        {
            Assert.False(Envelope.TryOpen(key, envelope, Aad, out _));
            var error = Assert.Throws<EnvelopeException>(() => Envelope.Open(key, envelope, Aad, destination));
            Assert.Equal(EnvelopeFailure.CommitmentMismatch, error.Failure);
            Assert.All(destination, b => Assert.Equal(0xAA, b));
        }

        Assert.Equal(plaintext, Envelope.Open(first, byFirst, Aad));
        Assert.Equal(plaintext, Envelope.Open(second, bySecond, Aad));
    }

    [Fact]
    public void Open_OtherKeysCommitmentSwappedIn_AuthenticationFailed()
    {
        var keyId = Guid.NewGuid();
        using var key = TestKeys.DataKey(keyId, 1);
        using var impostor = TestKeys.DataKey(keyId, 2);
        var envelope = Envelope.Seal(key, TestKeys.Utf8("secret"), Aad);
        Envelope.Seal(impostor, [], Aad).AsSpan(29, 32).CopyTo(envelope.AsSpan(29));

        Assert.Equal(EnvelopeFailure.AuthenticationFailed, Assert.Throws<EnvelopeException>(() => Envelope.Open(impostor, envelope, Aad)).Failure);
        Assert.Equal(EnvelopeFailure.CommitmentMismatch, Assert.Throws<EnvelopeException>(() => Envelope.Open(key, envelope, Aad)).Failure);
    }

    [Fact]
    public void Open_FormatVersion1_UnsupportedVersion()
    {
        using var key = DataKey.Generate();
        var envelope = Envelope.Seal(key, TestKeys.Utf8("old"), Aad);
        envelope[0] = 1;

        Assert.Equal(EnvelopeFailure.UnsupportedVersion, Assert.Throws<EnvelopeException>(() => Envelope.Open(key, envelope, Aad)).Failure);
    }

    public static TheoryData<string, byte[]> OtherContexts() => new()
    {
        { "other queue", AssociatedData.For("arn:aws:sqs:us-east-1:000000000000:payments", MessageId, 1) },
        { "other message", AssociatedData.For(TestKeys.QueueArn, Guid.NewGuid(), 1) },
        { "other key version", AssociatedData.For(TestKeys.QueueArn, MessageId, 2) },
        { "none", [] },
    };

    [Theory]
    [MemberData(nameof(OtherContexts))]
    public void Open_OtherAssociatedData_AuthenticationFailed(string context, byte[] associatedData)
    {
        using var key = DataKey.Generate();
        var envelope = Envelope.Seal(key, TestKeys.Utf8("bound"), Aad);

        var error = Assert.Throws<EnvelopeException>(() => Envelope.Open(key, envelope, associatedData));

        Assert.True(error.Failure == EnvelopeFailure.AuthenticationFailed, context);
    }

    [Fact]
    public void Open_CiphertextMovedToAnotherMessage_Fails()
    {
        using var key = DataKey.Generate();
        var aadB = AssociatedData.For(TestKeys.QueueArn, Guid.NewGuid(), 1);
        var envelopeA = Envelope.Seal(key, TestKeys.Utf8("message A"), Aad);
        var envelopeB = Envelope.Seal(key, TestKeys.Utf8("message B"), aadB);
        byte[] spliced = [.. envelopeB[..Envelope.HeaderSize], .. envelopeA[Envelope.HeaderSize..]];

        Assert.False(Envelope.TryOpen(key, envelopeA, aadB, out _));
        Assert.False(Envelope.TryOpen(key, spliced, aadB, out _));
        Assert.False(Envelope.TryOpen(key, spliced, Aad, out _));
    }

    [Fact]
    public void Open_IntoBufferWithBadTag_ClearsBuffer()
    {
        using var key = DataKey.Generate();
        var envelope = Envelope.Seal(key, TestKeys.Utf8("sixteen bytes!!!"), Aad);
        envelope[^1] ^= 0x80;
        var destination = Enumerable.Repeat((byte)0xAA, 32).ToArray();

        Assert.Throws<EnvelopeException>(() => Envelope.Open(key, envelope, Aad, destination));

        Assert.All(destination[..16], b => Assert.Equal(0, b));
    }

    [Fact]
    public void SealAndOpen_IntoBuffers_RoundTrip()
    {
        using var key = DataKey.Generate();
        var plaintext = TestKeys.Random(100);
        var sealedBuffer = new byte[Envelope.GetSealedLength(100) + 5];
        var openedBuffer = new byte[100];

        var written = Envelope.Seal(key, plaintext, Aad, sealedBuffer);
        var length = Envelope.Open(key, sealedBuffer.AsSpan(0, written), Aad, openedBuffer);

        Assert.Equal(100, length);
        Assert.Equal(plaintext, openedBuffer);
    }

    [Fact]
    public void Seal_LargeAssociatedData_RoundTrips()
    {
        using var key = DataKey.Generate();
        var associatedData = TestKeys.Random(4096);
        var envelope = Envelope.Seal(key, TestKeys.Utf8("big context"), associatedData);

        Assert.Equal(TestKeys.Utf8("big context"), Envelope.Open(key, envelope, associatedData));
        associatedData[4000] ^= 1;
        Assert.False(Envelope.TryOpen(key, envelope, associatedData, out _));
    }

    [Fact]
    public void Seal_DisposedKey_Throws()
    {
        var key = DataKey.Generate();
        key.Dispose();

        Assert.Throws<ObjectDisposedException>(() => Envelope.Seal(key, [], Aad));
    }
}
