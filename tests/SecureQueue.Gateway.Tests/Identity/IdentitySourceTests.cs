using System.Text;
using SecureQueue.Crypto.Keys;
using SecureQueue.Gateway.Identity;

namespace SecureQueue.Gateway.Tests.Identity;

/// <summary>Reloads of a real identities file and policy directory: what changed, what stays in force when the files are broken.</summary>
public sealed class IdentitySourceTests : IDisposable
{
    private const string AliceArn = "arn:aws:iam::000000000000:user/alice";
    private const string BobArn = "arn:aws:iam::000000000000:user/bob";
    private readonly string directory = Directory.CreateTempSubdirectory("secq-identities-").FullName;
    private readonly GatewayOptions options;

    public IdentitySourceTests()
    {
        Directory.CreateDirectory(Path.Combine(directory, "policies"));
        File.WriteAllText(Path.Combine(directory, "policies", "all.json"), """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:*","Resource":"*"}]}""");
        options = new GatewayOptions { IdentitiesFile = "identities.json", PoliciesDirectory = "policies", MasterKeyFile = "unused" };
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void Reload_SameIdentitiesInAnotherOrder_Unchanged()
    {
        var source = Start(Alice(), Bob());
        var before = source.Current;

        Write(Bob(), Alice());

        Assert.IsType<IdentityReload.Unchanged>(source.Reload());
        Assert.Same(before, source.Current);
    }

    [Fact]
    public void Reload_SecretRotatedUnderSameKeyId_ChangedWithoutCredentialChanges()
    {
        var source = Start(Alice(), Bob());

        Write(Alice(secret: "aliceRotatedSecret0123456789"), Bob());

        var loaded = Assert.IsType<IdentityReload.Loaded>(source.Reload());
        Assert.Equal([AliceArn], loaded.Changes.Changed);
        Assert.Empty(loaded.Changes.CredentialsAdded);
        Assert.Empty(loaded.Changes.CredentialsRemoved);
        Assert.Equal("aliceRotatedSecret0123456789", source.SecretFor("AKIAALICE0000000001"));
    }

    [Fact]
    public void Reload_IdentityRemovedAndAnotherAdded_NamedWithTheirCredentials()
    {
        var source = Start(Alice(), Bob());

        Write(Alice(), Carol());

        var loaded = Assert.IsType<IdentityReload.Loaded>(source.Reload());
        Assert.Equal(["arn:aws:iam::000000000000:user/carol"], loaded.Changes.Added);
        Assert.Equal([BobArn], loaded.Changes.Removed);
        Assert.Empty(loaded.Changes.Changed);
        Assert.Equal(["accessKey:AKIACAROL0000000001"], loaded.Changes.CredentialsAdded);
        Assert.Equal(["accessKey:AKIABOB000000000001"], loaded.Changes.CredentialsRemoved);
        Assert.Equal(2, loaded.Identities);
        Assert.Null(source.SecretFor("AKIABOB000000000001"));
    }

    [Fact]
    public void Reload_TagOrPolicyTextChanged_Changed()
    {
        var source = Start(Alice(), Bob());

        Write(Alice(tags: """{"team":"payments"}"""), Bob());
        Assert.Equal([AliceArn], Assert.IsType<IdentityReload.Loaded>(source.Reload()).Changes.Changed);

        File.WriteAllText(Path.Combine(directory, "policies", "all.json"), """{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"sqs:*","Resource":"*"}]}""");
        Assert.Equal([AliceArn, BobArn], Assert.IsType<IdentityReload.Loaded>(source.Reload()).Changes.Changed);
    }

    [Fact]
    public void Reload_BrokenFile_KeepsStoreInForce_ReportsEachDistinctFailureOnce()
    {
        var source = Start(Alice(), Bob());
        var before = source.Current;

        File.WriteAllText(Path.Combine(directory, "identities.json"), """{"identities": [""");
        var first = Assert.IsType<IdentityReload.Failed>(source.Reload());
        var second = Assert.IsType<IdentityReload.Failed>(source.Reload());

        Assert.False(first.Repeated);
        Assert.True(second.Repeated);
        Assert.Contains("is not valid JSON", first.Reason, StringComparison.Ordinal);
        Assert.Same(before, source.Current);
        Assert.Equal("aliceSecretKey0123456789", source.SecretFor("AKIAALICE0000000001"));

        Write(Alice());
        Assert.IsType<IdentityReload.Loaded>(source.Reload());
        File.WriteAllText(Path.Combine(directory, "identities.json"), """{"identities": [""");
        Assert.False(Assert.IsType<IdentityReload.Failed>(source.Reload()).Repeated);
    }

    [Fact]
    public void Reload_PolicyFileMissing_FailsNamingIt()
    {
        var source = Start(Alice());

        File.Delete(Path.Combine(directory, "policies", "all.json"));

        var failed = Assert.IsType<IdentityReload.Failed>(source.Reload());
        Assert.Contains("names policy 'all.json'", failed.Reason, StringComparison.Ordinal);
        Assert.NotNull(source.Current.Find("AKIAALICE0000000001"));
    }

    private static string Alice(string secret = "aliceSecretKey0123456789", string tags = "{}") =>
        $$"""{"name":"alice","arn":"{{AliceArn}}","accessKeys":[{"accessKeyId":"AKIAALICE0000000001","secretAccessKey":"{{secret}}"}],"policies":["all.json"],"tags":{{tags}}}""";

    private static string Bob() =>
        $$"""{"name":"bob","arn":"{{BobArn}}","accessKeys":[{"accessKeyId":"AKIABOB000000000001","secretAccessKey":"bobSecretKey0123456789ab"}],"policies":["all.json"]}""";

    private static string Carol() =>
        """{"name":"carol","arn":"arn:aws:iam::000000000000:user/carol","accessKeys":[{"accessKeyId":"AKIACAROL0000000001","secretAccessKey":"carolSecretKey0123456789"}]}""";

    private IdentitySource Start(params string[] identities)
    {
        Write(identities);
        return new IdentitySource(IdentityStore.Load(options, directory), () => IdentityStore.Load(options, directory));
    }

    private void Write(params string[] identities) =>
        SecretFile.WriteAtomically(Path.Combine(directory, "identities.json"), Encoding.UTF8.GetBytes($$"""{"identities":[{{string.Join(",", identities)}}]}"""));
}
