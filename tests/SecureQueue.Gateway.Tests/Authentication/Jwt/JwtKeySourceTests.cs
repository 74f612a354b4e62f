using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using SecureQueue.Gateway.Authentication.Jwt;

namespace SecureQueue.Gateway.Tests.Authentication.Jwt;

/// <summary>A reload of the key files replaces an issuer's keys when its file changed, and keeps them when the file is broken.</summary>
public sealed class JwtKeySourceTests : IDisposable
{
    private const string First = "https://first.test";
    private const string Second = "https://second.test";
    private readonly string directory = Directory.CreateTempSubdirectory("jwks").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void Reload_FileUnchanged_ChangesNothing()
    {
        WriteJwks("first.json", "a");
        WriteJwks("second.json", "b");
        var source = Source();
        var before = source.Current;

        var reload = source.Reload();

        Assert.Empty(reload.ChangedIssuers);
        Assert.Null(reload.Failure);
        Assert.Same(before, source.Current);
    }

    [Fact]
    public void Reload_OneIssuerRotated_NamesIt_AndServesItsNewKeys()
    {
        WriteJwks("first.json", "a");
        WriteJwks("second.json", "b");
        var source = Source();

        WriteJwks("first.json", "a2", "a3");
        var reload = source.Reload();

        Assert.Equal([First], reload.ChangedIssuers);
        Assert.Equal(["a2", "a3"], source.Current.Keys(First).Select(k => k.KeyId));
        Assert.Equal(["b"], source.Current.Keys(Second).Select(k => k.KeyId));
    }

    [Fact]
    public void Reload_FileBroken_KeepsKeys_ReportsOncePerFailure()
    {
        WriteJwks("first.json", "a");
        WriteJwks("second.json", "b");
        var source = Source();

        File.WriteAllText(Path.Combine(directory, "first.json"), "{\"keys\": [");
        var failed = source.Reload();
        var again = source.Reload();

        Assert.Contains("SecureQueue:Jwt:Issuers:0:SigningKeysFile", failed.Failure, StringComparison.Ordinal);
        Assert.False(failed.Repeated);
        Assert.True(again.Repeated);
        Assert.Equal(["a"], source.Current.Keys(First).Select(k => k.KeyId));

        WriteJwks("first.json", "a4");
        Assert.Equal([First], source.Reload().ChangedIssuers);
        Assert.Equal(["a4"], source.Current.Keys(First).Select(k => k.KeyId));
    }

    [Fact]
    public void Reload_FileRemoved_KeepsKeys()
    {
        WriteJwks("first.json", "a");
        WriteJwks("second.json", "b");
        var source = Source();

        File.Delete(Path.Combine(directory, "second.json"));

        Assert.Contains("does not exist", source.Reload().Failure, StringComparison.Ordinal);
        Assert.Equal(["b"], source.Current.Keys(Second).Select(k => k.KeyId));
    }

    [Fact]
    public void Reload_WithoutLoader_NeverChanges()
    {
        WriteJwks("first.json", "a");
        WriteJwks("second.json", "b");
        var source = new JwtKeySource(JwtIssuers.Load(Options(), directory));
        WriteJwks("first.json", "a2");

        Assert.Empty(source.Reload().ChangedIssuers);
        Assert.Equal(["a"], source.Current.Keys(First).Select(k => k.KeyId));
    }

    private JwtKeySource Source() => new(JwtIssuers.Load(Options(), directory), () => JwtIssuers.Load(Options(), directory));

    private static List<JwtIssuerOptions> Options() =>
    [
        new() { Issuer = First, Audiences = ["queue"], SigningKeysFile = "first.json" },
        new() { Issuer = Second, Audiences = ["queue"], SigningKeysFile = "second.json" },
    ];

    private void WriteJwks(string name, params string[] keyIds)
    {
        var keys = keyIds.Select(id =>
        {
            using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var jwk = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(ec));
            return $$"""{"kty":"EC","crv":"P-256","kid":"{{id}}","use":"sig","x":"{{jwk.X}}","y":"{{jwk.Y}}"}""";
        });
        File.WriteAllText(Path.Combine(directory, name), $$"""{"keys":[{{string.Join(",", keys)}}]}""");
    }
}
