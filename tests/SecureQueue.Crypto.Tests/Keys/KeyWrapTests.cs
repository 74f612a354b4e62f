using SecureQueue.Crypto.Envelopes;
using SecureQueue.Crypto.Keys;

namespace SecureQueue.Crypto.Tests.Keys;

public sealed class KeyWrapTests
{
    private static readonly byte[] Aad = AssociatedData.For(TestKeys.QueueArn, Guid.NewGuid(), 1);

    [Fact]
    public void Unwrap_Wrapped_GivesTheSameKey()
    {
        var keyring = TestKeys.Keyring(2);
        using var key = DataKey.Generate();
        var envelope = Envelope.Seal(key, TestKeys.Utf8("payload"), Aad);

        var wrapped = WrappedDataKey.FromBytes(KeyWrap.Wrap(key, keyring.Current).ToBytes());
        using var unwrapped = KeyWrap.Unwrap(wrapped, keyring);

        Assert.Equal((key.KeyId, 2, "default"), (wrapped.KeyId, wrapped.KekVersion, wrapped.KeyringName));
        Assert.Equal(key.KeyId, unwrapped.KeyId);
        Assert.Equal(TestKeys.Utf8("payload"), Envelope.Open(unwrapped, envelope, Aad));
    }

    [Fact]
    public void Unwrap_AfterRotation_UsesTheVersionItWasWrappedUnder()
    {
        var keyring = TestKeys.Keyring(1);
        using var key = DataKey.Generate();
        var wrapped = KeyWrap.Wrap(key, keyring.Current);

        using var unwrapped = KeyWrap.Unwrap(wrapped, keyring.Rotate().Rotate());

        Assert.Equal(1, wrapped.KekVersion);
        Assert.Equal(key.KeyId, unwrapped.KeyId);
    }

    [Fact]
    public void Rewrap_OldVersion_MovesToCurrentWithSameDataKey()
    {
        var keyring = TestKeys.Keyring(1);
        using var key = DataKey.Generate();
        var envelope = Envelope.Seal(key, TestKeys.Utf8("kept"), Aad);
        var rotated = keyring.Rotate();

        var rewrapped = KeyWrap.Rewrap(KeyWrap.Wrap(key, keyring.Current), rotated);
        using var unwrapped = KeyWrap.Unwrap(rewrapped, rotated);

        Assert.Equal(2, rewrapped.KekVersion);
        Assert.Equal(key.KeyId, rewrapped.KeyId);
        Assert.Equal(TestKeys.Utf8("kept"), Envelope.Open(unwrapped, envelope, Aad));
        Assert.Throws<KeyVersionNotFoundException>(() => KeyWrap.Unwrap(rewrapped, keyring));
    }

    [Fact]
    public void Rewrap_AlreadyCurrent_ReturnsItUnchanged()
    {
        var keyring = TestKeys.Keyring(2);
        using var key = DataKey.Generate();
        var wrapped = KeyWrap.Wrap(key, keyring.Current);

        Assert.Same(wrapped, KeyWrap.Rewrap(wrapped, keyring));
    }

    [Fact]
    public void Unwrap_VersionNotInKeyring_ThrowsKeyVersionNotFound()
    {
        var keyring = TestKeys.Keyring(1);
        using var key = DataKey.Generate();
        var wrapped = KeyWrap.Wrap(key, keyring.Rotate().Current);

        var error = Assert.Throws<KeyVersionNotFoundException>(() => KeyWrap.Unwrap(wrapped, keyring));

        Assert.Equal(2, error.Version);
    }

    [Fact]
    public void Unwrap_OtherKeyring_KeyMismatch()
    {
        using var key = DataKey.Generate();
        var wrapped = KeyWrap.Wrap(key, TestKeys.Keyring(1, "orders").Current);

        var error = Assert.Throws<EnvelopeException>(() => KeyWrap.Unwrap(wrapped, TestKeys.Keyring(1)));

        Assert.Equal(EnvelopeFailure.KeyMismatch, error.Failure);
    }

    [Fact]
    public void Unwrap_AnyByteFlipped_Fails()
    {
        var keyring = TestKeys.Keyring(2);
        using var key = DataKey.Generate();
        var bytes = KeyWrap.Wrap(key, keyring.Current).ToBytes();

        for (var i = 0; i < bytes.Length; i++)
        {
            var tampered = (byte[])bytes.Clone();
            tampered[i] ^= 0x01;
            var error = Record.Exception(() => KeyWrap.Unwrap(WrappedDataKey.FromBytes(tampered), keyring));
            Assert.True(error is EnvelopeException or KeyVersionNotFoundException, $"byte {i}: {error?.GetType().Name ?? "opened"}");
        }
    }

    [Fact]
    public void Unwrap_KeyIdSwapped_AuthenticationFails()
    {
        var keyring = TestKeys.Keyring(1);
        using var key = DataKey.Generate();
        var bytes = KeyWrap.Wrap(key, keyring.Current).ToBytes();
        Guid.NewGuid().TryWriteBytes(bytes.AsSpan(1, 16), bigEndian: true, out _);

        var error = Assert.Throws<EnvelopeException>(() => KeyWrap.Unwrap(WrappedDataKey.FromBytes(bytes), keyring));

        Assert.Equal(EnvelopeFailure.AuthenticationFailed, error.Failure);
    }

    [Fact]
    public void FromBytes_TruncatedOrUnknownFormat_Throws()
    {
        using var key = DataKey.Generate();
        var bytes = KeyWrap.Wrap(key, TestKeys.Keyring().Current).ToBytes();

        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.Throws<EnvelopeException>(() => WrappedDataKey.FromBytes(bytes.AsSpan(0, length)));
        }

        bytes[0] = 2;
        Assert.Equal(EnvelopeFailure.UnsupportedVersion, Assert.Throws<EnvelopeException>(() => WrappedDataKey.FromBytes(bytes)).Failure);
    }

    [Fact]
    public void Wrap_Layout_MatchesReadme()
    {
        var keyring = TestKeys.Keyring(3, "orders");
        using var key = TestKeys.DataKey(Guid.Parse("00112233-4455-6677-8899-aabbccddeeff"), 5);

        var bytes = KeyWrap.Wrap(key, keyring.Current).ToBytes();

        Assert.Equal(Convert.FromHexString("01" + "00112233445566778899aabbccddeeff" + "00000003" + "06" + "6f7264657273"), bytes[..28]);
        Assert.Equal(28 + 12 + 32 + 16, bytes.Length);
    }
}
