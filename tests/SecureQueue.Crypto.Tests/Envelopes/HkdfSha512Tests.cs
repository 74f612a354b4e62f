using System.Security.Cryptography;
using SecureQueue.Crypto.Envelopes;

namespace SecureQueue.Crypto.Tests.Envelopes;

public sealed class HkdfSha512Tests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(12, 9)]
    [InlineData(12, 11)]
    [InlineData(64, 63)]
    [InlineData(128, 1)]
    public void Derive_RandomInputs_SameAsPlatformHkdf(int saltLength, int infoLength)
    {
        for (var round = 0; round < 50; round++)
        {
            var ikm = RandomNumberGenerator.GetBytes(32);
            var salt = RandomNumberGenerator.GetBytes(saltLength);
            var firstInfo = RandomNumberGenerator.GetBytes(infoLength);
            var secondInfo = RandomNumberGenerator.GetBytes(infoLength / 2);
            var first = new byte[32];
            var second = new byte[32];

            HkdfSha512.Derive(ikm, salt, firstInfo, first, secondInfo, second);

            Assert.Equal(HKDF.DeriveKey(HashAlgorithmName.SHA512, ikm, 32, salt, firstInfo), first);
            Assert.Equal(HKDF.DeriveKey(HashAlgorithmName.SHA512, ikm, 32, salt, secondInfo), second);
        }
    }
}
