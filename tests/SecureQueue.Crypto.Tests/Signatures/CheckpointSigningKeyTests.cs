using SecureQueue.Crypto.Signatures;

namespace SecureQueue.Crypto.Tests.Signatures;

public sealed class CheckpointSigningKeyTests
{
    [Theory]
    [InlineData(
        "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
        "",
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b")]
    [InlineData(
        "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
        "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
        "72",
        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00")]
    public void Sign_Rfc8032Vectors_KnownKeyAndSignature(string seed, string publicKey, string message, string signature)
    {
        var key = CheckpointSigningKey.FromSeed(Convert.FromHexString(seed));

        Assert.Equal(publicKey, Convert.ToHexStringLower(key.PublicKey));
        Assert.Equal(signature, Convert.ToHexStringLower(key.Sign(Convert.FromHexString(message))));
        Assert.True(CheckpointSigningKey.Verify(Convert.FromHexString(publicKey), Convert.FromHexString(message), Convert.FromHexString(signature)));
    }

    [Fact]
    public void Verify_SignedData_TrueAndAnyTamperFalse()
    {
        var key = CheckpointSigningKey.Generate();
        var data = TestKeys.Utf8("checkpoint 42: head 9f86d081");
        var signature = key.Sign(data);

        Assert.True(key.Verify(data, signature));
        for (var i = 0; i < signature.Length; i++)
        {
            var tampered = (byte[])signature.Clone();
            tampered[i] ^= 0x01;
            Assert.False(key.Verify(data, tampered), $"signature byte {i}");
        }

        for (var i = 0; i < data.Length; i++)
        {
            var tampered = (byte[])data.Clone();
            tampered[i] ^= 0x01;
            Assert.False(key.Verify(tampered, signature), $"data byte {i}");
        }

        Assert.False(CheckpointSigningKey.Generate().Verify(data, signature));
        Assert.False(key.Verify(data, signature.AsSpan(0, 63)));
        Assert.False(CheckpointSigningKey.Verify(key.PublicKey[..31], data, signature));
    }

    [Fact]
    public void FromFile_WrittenByWriteFile_SameKeyAndMode0600()
    {
        using var directory = new TempDirectory();
        var path = directory.File("checkpoint.key");
        var key = CheckpointSigningKey.Generate();

        key.WriteFile(path);
        var loaded = CheckpointSigningKey.FromFile(path);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(key.PublicKey.ToArray(), loaded.PublicKey.ToArray());
        Assert.Equal(key.Fingerprint, loaded.Fingerprint);
        Assert.True(key.Verify([1, 2, 3], loaded.Sign([1, 2, 3])));
        Assert.Equal(45, File.ReadAllBytes(path).Length);
    }

    [Fact]
    public void ReadPublicKeyFile_WrittenByWritePublicKeyFile_VerifiesAndNamesTheKey()
    {
        using var directory = new TempDirectory();
        var path = directory.File("checkpoint.pub");
        var key = CheckpointSigningKey.Generate();

        key.WritePublicKeyFile(path);
        var publicKey = CheckpointSigningKey.ReadPublicKeyFile(path);

        Assert.True(CheckpointSigningKey.Verify(publicKey, [1, 2, 3], key.Sign([1, 2, 3])));
        Assert.Equal(key.Fingerprint, CheckpointSigningKey.FingerprintOf(publicKey));
    }

    [Fact]
    public void ReadPublicKeyFile_NotAKey_Refused()
    {
        using var directory = new TempDirectory();
        var path = directory.File("checkpoint.pub");
        File.WriteAllText(path, Convert.ToBase64String(new byte[31]));
        var error = Assert.Throws<InvalidOperationException>(() => CheckpointSigningKey.ReadPublicKeyFile(path));
        Assert.Contains("base64 Ed25519 public key of 32 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromFile_WorldReadable_Refused()
    {
        using var directory = new TempDirectory();
        var path = directory.File("checkpoint.key");
        CheckpointSigningKey.Generate().WriteFile(path);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        var error = Assert.Throws<InvalidOperationException>(() => CheckpointSigningKey.FromFile(path));

        Assert.StartsWith("SecureQueue:CheckpointKeyFile", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AAAA")]
    [InlineData("not base64 at all, and long enough to be 32 bytes!!")]
    [InlineData("nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2BubWl0")]
    public void FromFile_NotASeed_NamesSettingWithoutContent(string content)
    {
        using var directory = new TempDirectory();
        var path = directory.File("checkpoint.key");
        File.WriteAllText(path, content);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var error = Assert.Throws<InvalidOperationException>(() => CheckpointSigningKey.FromFile(path));

        Assert.Equal($"SecureQueue:CheckpointKeyFile '{path}' must hold a base64 Ed25519 seed of 32 bytes.", error.Message);
    }
}
