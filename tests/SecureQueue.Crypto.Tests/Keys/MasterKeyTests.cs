using SecureQueue.Crypto.Keys;

namespace SecureQueue.Crypto.Tests.Keys;

public sealed class MasterKeyTests
{
    [Theory]
    [InlineData("not base64!")]
    [InlineData("AAAA")]
    public void FromBase64_WrongKey_NamesTheSetting(string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => MasterKey.FromBase64(value, "SecureQueue:MasterKeyFile"));
        Assert.StartsWith("SecureQueue:MasterKeyFile", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Derive_DifferentPurposes_DifferentKeys()
    {
        var key = MasterKey.FromBase64(Convert.ToBase64String(new byte[32]), "k");
        Assert.NotEqual(key.Derive("a"), key.Derive("b"));
        Assert.Equal(key.Derive("a"), key.Derive("a"));
    }
}
