using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SecureQueue.FunctionalTests.Infrastructure;
using SecureQueue.FunctionalTests.Protocol;

namespace SecureQueue.FunctionalTests.Authentication;

/// <summary>JWT bearer callers over real TLS with real signed tokens: accepted, or refused with an RFC 6750 challenge and audited.</summary>
public sealed class JwtTests : IAsyncLifetime
{
    private const string Issuer = "https://issuer.secq.test";
    private const string Audience = "securequeue";
    private readonly RsaSecurityKey key = new(RSA.Create(2048)) { KeyId = "k1" };
    private readonly GatewayWorkspace workspace = new();
    private GatewayInstance gateway = null!;
    private SignedClient client = null!;

    public async Task InitializeAsync()
    {
        await workspace.InitializeAsync();
        var jwks = Path.Combine(workspace.Files.Directory, "jwks.json");
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(key.Rsa.ExportParameters(false)) { KeyId = "k1" });
        File.WriteAllText(jwks, $$"""{"keys":[{"kty":"RSA","kid":"k1","use":"sig","n":"{{jwk.N}}","e":"{{jwk.E}}"}]}""");
        File.WriteAllText(Path.Combine(workspace.Files.PoliciesDirectory, "orders-team.json"),
            """{"Version":"2012-10-17","Statement":[{"Sid":"OrdersTeamLists","Effect":"Allow","Action":"sqs:ListQueues","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"orders"}}}]}""");
        IdentityFiles.Add(workspace.Files, """{"name":"orders-svc","arn":"arn:aws:iam::000000000000:role/orders-svc","federated":[{"issuer":"https://issuer.secq.test","subject":"svc-orders"}],"policies":["orders-team.json"]}""");
        gateway = await GatewayInstance.StartAsync(workspace.Files, workspace.Database.ConnectionString, settings: new Dictionary<string, string?>
        {
            ["SecureQueue:Jwt:Issuers:0:Issuer"] = Issuer,
            ["SecureQueue:Jwt:Issuers:0:Audiences:0"] = Audience,
            ["SecureQueue:Jwt:Issuers:0:SigningKeysFile"] = jwks,
            ["SecureQueue:Jwt:Issuers:0:TagClaims:0"] = "team",
        });
        client = new SignedClient(gateway.Endpoint, workspace.Files.CaFile);
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await gateway.DisposeAsync();
        await workspace.DisposeAsync();
    }

    [Fact]
    public async Task ValidToken_TagClaimSatisfiesPolicy_AuditedAsRole()
    {
        using var response = await CallAsync(Token());
        Assert.Equal(200, (int)response.StatusCode);
        var audit = await WireAssertions.AuditAsync(workspace.Database, response);
        Assert.Equal(("arn:aws:iam::000000000000:role/orders-svc", null, null), (audit.Principal, audit.AccessKey, audit.ErrorCode));
    }

    [Fact]
    public async Task ValidToken_WrongTeam_AccessDenied() =>
        await WireAssertions.JsonErrorAsync(await CallAsync(Token(team: "billing")), 403, "com.amazon.coral.service#AccessDeniedException", "AccessDenied");

    public static TheoryData<string, string> Refusals => new()
    {
        { "expired", "expired" },
        { "notyet", "not valid before" },
        { "audience", "audience" },
        { "issuer", "issuer" },
        { "signature", "signature" },
        { "subject", "not a known identity" },
        { "garbage", "invalid" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task BadToken_401WithChallenge_Audited(string kind, string description)
    {
        var now = DateTime.UtcNow;
        var token = kind switch
        {
            "expired" => Token(notBefore: now.AddHours(-2), expires: now.AddHours(-1)),
            "notyet" => Token(notBefore: now.AddHours(1), expires: now.AddHours(2)),
            "audience" => Token(audience: "someone-else"),
            "issuer" => Token(issuer: "https://evil.test"),
            "signature" => Token(signingKey: new RsaSecurityKey(RSA.Create(2048)) { KeyId = "k1" }),
            "subject" => Token(subject: "nobody"),
            _ => "not.a.token",
        };
        using var response = await CallAsync(token);
        var message = await WireAssertions.JsonErrorAsync(response, 401, "com.amazon.coral.service#InvalidToken", "InvalidToken");
        Assert.Contains(description, message, StringComparison.OrdinalIgnoreCase);
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.Contains("error=\"invalid_token\"", challenge.Parameter, StringComparison.Ordinal);
        Assert.Equal("InvalidToken", (await WireAssertions.AuditAsync(workspace.Database, response)).ErrorCode);
    }

    private Task<HttpResponseMessage> CallAsync(string token) =>
        client.SendAsync(HttpMethod.Post, "/", [new("Content-Type", "application/x-amz-json-1.0"), new("X-Amz-Target", "AmazonSQS.ListQueues"),
            new("Authorization", "Bearer " + token)], "{}"u8.ToArray(), identity: null);

    private string Token(
        string issuer = Issuer, string audience = Audience, string subject = "svc-orders", string team = "orders",
        DateTime? notBefore = null, DateTime? expires = null, SecurityKey? signingKey = null)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim("sub", subject), new Claim("team", team)]),
            IssuedAt = notBefore ?? now,
            NotBefore = notBefore ?? now,
            Expires = expires ?? now.AddMinutes(10),
            SigningCredentials = new SigningCredentials(signingKey ?? key, SecurityAlgorithms.RsaSha256),
        });
    }
}
