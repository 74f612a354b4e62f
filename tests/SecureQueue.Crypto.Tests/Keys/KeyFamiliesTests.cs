using SecureQueue.Crypto.Keys;

namespace SecureQueue.Crypto.Tests.Keys;

public sealed class KeyFamiliesTests
{
    private readonly Keyring defaultKeyring = TestKeys.Keyring(1);
    private readonly Keyring orders = TestKeys.Keyring(1, "orders");

    [Theory]
    [InlineData("alias/aws/sqs")]
    [InlineData("arn:aws:kms:us-east-1:000000000000:alias/aws/sqs")]
    public void Resolve_AwsManagedAlias_DefaultKeyring(string id) =>
        Assert.Same(defaultKeyring, new KeyFamilies(defaultKeyring).Resolve(id));

    [Theory]
    [InlineData("alias/orders")]
    [InlineData("arn:aws:kms:eu-west-1:111111111111:alias/orders")]
    [InlineData("1234abcd-12ab-34cd-56ef-1234567890ab")]
    [InlineData("arn:aws:kms:us-east-1:000000000000:key/1234abcd-12ab-34cd-56ef-1234567890ab")]
    public void Resolve_ConfiguredId_ItsKeyring(string id)
    {
        var families = new KeyFamilies(defaultKeyring, new Dictionary<string, Keyring>
        {
            ["alias/orders"] = orders,
            ["1234abcd-12ab-34cd-56ef-1234567890ab"] = orders,
        });

        Assert.Same(orders, families.Resolve(id));
        Assert.Same(orders, families.Get("orders"));
        Assert.Equal(2, families.Keyrings.Count());
    }

    [Theory]
    [InlineData("alias/unknown", "Alias alias/unknown is not found.")]
    [InlineData("arn:aws:kms:us-east-1:000000000000:alias/unknown", "Alias arn:aws:kms:us-east-1:000000000000:alias/unknown is not found.")]
    [InlineData("1234abcd-12ab-34cd-56ef-1234567890ab", "Key '1234abcd-12ab-34cd-56ef-1234567890ab' does not exist")]
    public void Resolve_Unknown_ThrowsKmsKeyNotFound(string id, string message)
    {
        var error = Assert.Throws<KmsKeyNotFoundException>(() => new KeyFamilies(defaultKeyring).Resolve(id));

        Assert.Equal(id, error.KeyId);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Constructor_TwoKeyringsSameName_Throws() =>
        Assert.Throws<ArgumentException>(() => new KeyFamilies(defaultKeyring, new Dictionary<string, Keyring> { ["alias/x"] = TestKeys.Keyring(1) }));

    [Fact]
    public void Constructor_AliasGivenAsArn_Throws() =>
        Assert.Throws<ArgumentException>(() => new KeyFamilies(defaultKeyring, new Dictionary<string, Keyring> { ["arn:aws:kms:us-east-1:0:alias/x"] = orders }));
}
