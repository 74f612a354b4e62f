using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SecureQueue.Gateway.Identity;
using SecureQueue.Proxy.Assertions;

namespace SecureQueue.Proxy.Tests.Assertions;

public sealed class AssertionSignerTests
{
    private static readonly Caller Caller = new("arn:aws:iam::000000000000:user/alice", AuthenticationMethod.SigV4, "AKIA1",
        new IdentityRecord("alice", "arn:aws:iam::000000000000:user/alice", [], new Dictionary<string, string> { ["team"] = "orders" }));

    private readonly FixedTime time = new(DateTimeOffset.UtcNow);

    [Fact]
    public async Task Sign_VerifiesWithJwksAndCarriesTheCaller()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signer = new AssertionSigner(key, "https://gw.test", TimeSpan.FromSeconds(30), time);
        var requestId = Guid.NewGuid();
        var token = signer.Sign(Caller, "orders-cluster", "orders", requestId);

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = "https://gw.test",
            ValidAudience = "orders-cluster",
            IssuerSigningKeys = new JsonWebKeySet(System.Text.Encoding.UTF8.GetString(signer.Jwks)).GetSigningKeys(),
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
        });
        Assert.True(result.IsValid, result.Exception?.Message);
        var jwt = (JsonWebToken)result.SecurityToken;
        Assert.Equal((Caller.PrincipalArn, requestId.ToString(), "orders", "SigV4", signer.KeyId),
            (jwt.Subject, jwt.Id, jwt.GetPayloadValue<string>("secq:route"), jwt.GetPayloadValue<string>("secq:auth"), jwt.Kid));
        Assert.Equal(TimeSpan.FromSeconds(30), jwt.ValidTo - jwt.ValidFrom);
        Assert.Contains("\"team\":\"orders\"", System.Text.Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(jwt.EncodedPayload)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_OtherAudienceOrExpired_Refused()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signer = new AssertionSigner(key, "https://gw.test", TimeSpan.FromSeconds(30), time);
        var keys = new JsonWebKeySet(System.Text.Encoding.UTF8.GetString(signer.Jwks)).GetSigningKeys();
        var parameters = new TokenValidationParameters { ValidIssuer = "https://gw.test", ValidAudience = "billing", IssuerSigningKeys = keys, ClockSkew = TimeSpan.Zero };
        Assert.False((await new JsonWebTokenHandler().ValidateTokenAsync(signer.Sign(Caller, "orders", "orders", Guid.NewGuid()), parameters)).IsValid);

        time.Now = time.Now.AddMinutes(-2);
        var old = signer.Sign(Caller, "billing", "orders", Guid.NewGuid());
        Assert.False((await new JsonWebTokenHandler().ValidateTokenAsync(old, parameters)).IsValid);
    }

    [Fact]
    public async Task Sign_HeaderAndClaimsAsIdentityModelReadsThem()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signer = new AssertionSigner(key, "https://gw.test", TimeSpan.FromSeconds(30), time);
        var tagged = Caller with { Identity = Caller.Identity with { Tags = new Dictionary<string, string> { ["team"] = "a\"b", ["x"] = "é" } } };
        var token = new JsonWebToken(signer.Sign(tagged, "orders", "r1", Guid.Empty));
        Assert.Equal(("ES256", "JWT", signer.KeyId), (token.Alg, token.Typ, token.Kid));
        Assert.Equal(("https://gw.test", "orders", time.Now.ToUnixTimeSeconds()), (token.Issuer, Assert.Single(token.Audiences), token.GetPayloadValue<long>("iat")));
        Assert.Equal(time.Now.ToUnixTimeSeconds() + 30, token.GetPayloadValue<long>("exp"));
        var tags = System.Text.Json.JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(token.EncodedPayload)).RootElement.GetProperty("secq:tags");
        Assert.Equal(("a\"b", "é"), (tags.GetProperty("team").GetString(), tags.GetProperty("x").GetString()));

        // Concurrent signing on one key: every token must still verify.
        var tokens = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Task.Run(() => signer.Sign(Caller, "orders", "r1", Guid.NewGuid()))));
        var parameters = new TokenValidationParameters
        {
            ValidIssuer = "https://gw.test", ValidAudience = "orders", ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
            IssuerSigningKeys = new JsonWebKeySet(System.Text.Encoding.UTF8.GetString(signer.Jwks)).GetSigningKeys(),
        };
        foreach (var signed in tokens)
        {
            Assert.True((await new JsonWebTokenHandler().ValidateTokenAsync(signed, parameters)).IsValid);
        }
    }

    [Fact]
    public void Jwks_PublicKeyOnly()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var jwks = System.Text.Encoding.UTF8.GetString(new AssertionSigner(key, "i", TimeSpan.FromSeconds(5), time).Jwks);
        Assert.DoesNotContain("\"d\"", jwks, StringComparison.Ordinal);
        Assert.Contains("\"crv\":\"P-256\"", jwks, StringComparison.Ordinal);
    }

    [Fact]
    public void New_NotP256_Refused()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        Assert.Throws<InvalidOperationException>(() => new AssertionSigner(key, "i", TimeSpan.FromSeconds(5), time));
    }

    [Fact]
    public void Load_FileWithoutKey_RefusedNamingTheSetting()
    {
        var file = Path.GetTempFileName();
        File.WriteAllText(file, "not a key");
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        try
        {
            var error = Assert.Throws<InvalidOperationException>(() => AssertionSigner.Load(new FrontDoorOptions { AssertionKeyFile = file }, "/", time));
            Assert.Contains("AssertionKeyFile", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
