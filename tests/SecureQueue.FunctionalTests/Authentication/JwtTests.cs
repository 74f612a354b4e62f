using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SecureQueue.FunctionalTests.Infrastructure;
using SecureQueue.FunctionalTests.Protocol;
using SecureQueue.Trail.Records;

namespace SecureQueue.FunctionalTests.Authentication;

/// <summary>JWT bearer callers over real TLS with real signed tokens: accepted, or refused with an RFC 6750 challenge and audited.</summary>
public sealed class JwtTests : IAsyncLifetime
{
    private const string Issuer = "https://issuer.secq.test";
    private const string OtherIssuer = "https://other.secq.test";
    private const string Audience = "securequeue";
    private readonly RsaSecurityKey key = new(RSA.Create(2048)) { KeyId = "k1" };
    private readonly RsaSecurityKey otherKey = new(RSA.Create(2048)) { KeyId = "k2" };
    private readonly GatewayWorkspace workspace = new();

    public async Task InitializeAsync()
    {
        await workspace.InitializeAsync();
        var jwks = WriteJwks("jwks.json", key);
        var otherJwks = WriteJwks("other-jwks.json", otherKey);
        File.WriteAllText(Path.Combine(workspace.Files.PoliciesDirectory, "orders-team.json"),
            """{"Version":"2012-10-17","Statement":[{"Sid":"OrdersTeamLists","Effect":"Allow","Action":["sqs:ListQueues","cloudtrail:LookupEvents"],"Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"orders"}}}]}""");
        File.WriteAllText(Path.Combine(workspace.Files.PoliciesDirectory, "restricted-team.json"),
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:ListQueues","Resource":"*"},{"Sid":"RestrictedTeamDenied","Effect":"Deny","Action":"sqs:*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"restricted"}}}]}""");
        IdentityFiles.Add(workspace.Files, """{"name":"orders-svc","arn":"arn:aws:iam::000000000000:role/orders-svc","federated":[{"issuer":"https://issuer.secq.test","subject":"svc-orders"},{"issuer":"https://other.secq.test","subject":"svc-orders"}],"policies":["orders-team.json"]}""");
        IdentityFiles.Add(workspace.Files, """{"name":"pinned-svc","arn":"arn:aws:iam::000000000000:role/pinned-svc","federated":[{"issuer":"https://issuer.secq.test","subject":"svc-pinned"}],"policies":["restricted-team.json"],"tags":{"team":"restricted"}}""");
        IdentityFiles.Add(workspace.Files, """{"name":"pinned-upper-svc","arn":"arn:aws:iam::000000000000:role/pinned-upper-svc","federated":[{"issuer":"https://issuer.secq.test","subject":"svc-pinned-upper"}],"policies":["restricted-team.json"],"tags":{"TEAM":"restricted"}}""");
        await workspace.StartGatewayAsync(new Dictionary<string, string?>
        {
            ["SecureQueue:Jwt:Issuers:0:Issuer"] = Issuer,
            ["SecureQueue:Jwt:Issuers:0:Audiences:0"] = Audience,
            ["SecureQueue:Jwt:Issuers:0:SigningKeysFile"] = jwks,
            ["SecureQueue:Jwt:Issuers:0:TagClaims:0"] = "team",
            ["SecureQueue:Jwt:Issuers:0:Algorithms:0"] = SecurityAlgorithms.RsaSha256,
            ["SecureQueue:Jwt:Issuers:1:Issuer"] = OtherIssuer,
            ["SecureQueue:Jwt:Issuers:1:Audiences:0"] = Audience,
            ["SecureQueue:Jwt:Issuers:1:SigningKeysFile"] = otherJwks,
            ["SecureQueue:Jwt:Issuers:1:TagClaims:0"] = "team",
            ["SecureQueue:Jwt:Issuers:1:Algorithms:0"] = SecurityAlgorithms.RsaSsaPssSha256,
        });
    }

    public async Task DisposeAsync()
    {
        await workspace.DisposeAsync();
    }

    [Fact]
    public async Task ValidToken_TagClaimSatisfiesPolicy_AuditedAsRole()
    {
        using var response = await CallAsync(Token());
        Assert.Equal(200, (int)response.StatusCode);
        var audit = await WireAssertions.AuditAsync(workspace.Database, response);
        Assert.Equal(("arn:aws:iam::000000000000:role/orders-svc", null, null), (audit.Principal, audit.AccessKey, audit.ErrorCode));

        var rows = await workspace.Database.RowsAsync($"select {StoredEvent.Columns} from events where request_id = '{WireAssertions.RequestId(response)}'");
        var stored = new StoredEvent((Guid)rows[0][0]!, (long)rows[0][1]!, null, System.Text.Encoding.UTF8.GetBytes((string)rows[0][3]!));
        var identity = System.Text.Json.JsonDocument.Parse(CloudTrailRecord.Render(stored, new TrailSettings("000000000000", "us-east-1"))).RootElement.GetProperty("userIdentity");
        Assert.Equal("WebIdentityUser", identity.GetProperty("type").GetString());
        Assert.Equal(Issuer, identity.GetProperty("identityProvider").GetString());
        Assert.StartsWith(Issuer + "|", identity.GetProperty("principalId").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidToken_StsGetCallerIdentityOverJson_NamesTheRole()
    {
        using var response = await workspace.Client.SendAsync(HttpMethod.Post, "/", [new("Content-Type", "application/x-amz-json-1.0"),
            new("X-Amz-Target", "AWSSecurityTokenServiceV20110615.GetCallerIdentity"), new("Authorization", "Bearer " + Token())], "{}"u8.ToArray(), identity: null);

        Assert.Equal(200, (int)response.StatusCode);
        var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("arn:aws:iam::000000000000:role/orders-svc", body.GetProperty("Arn").GetString());
        Assert.Equal(Issuer + "|svc-orders", body.GetProperty("UserId").GetString());
        Assert.Equal("000000000000", body.GetProperty("Account").GetString());
        var audit = await WireAssertions.AuditAsync(workspace.Database, response);
        Assert.Equal(("GetCallerIdentity", "arn:aws:iam::000000000000:role/orders-svc"), (audit.Action, audit.Principal));
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
        { "alg-none", "signature" },
        { "hmac-with-public-key", "signature" },
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
            "alg-none" => Unsigned(Token()),
            "hmac-with-public-key" => Token(
                signingKey: new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key.Rsa.ExportSubjectPublicKeyInfoPem())) { KeyId = "k1" },
                algorithm: SecurityAlgorithms.HmacSha256),
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

    [Theory]
    [InlineData(Issuer, SecurityAlgorithms.RsaSha256, 200)]
    [InlineData(Issuer, SecurityAlgorithms.RsaSsaPssSha256, 401)]
    [InlineData(OtherIssuer, SecurityAlgorithms.RsaSsaPssSha256, 200)]
    [InlineData(OtherIssuer, SecurityAlgorithms.RsaSha256, 401)]
    public async Task Token_AlgorithmOnlyAnotherIssuerAllows_Refused(string issuer, string algorithm, int status)
    {
        using var response = await CallAsync(Token(issuer: issuer, signingKey: issuer == Issuer ? key : otherKey, algorithm: algorithm));
        if (status == 200)
        {
            Assert.Equal(200, (int)response.StatusCode);
            return;
        }

        // IdentityModel reports a key refused for its algorithm as a signature failure.
        var message = await WireAssertions.JsonErrorAsync(response, 401, "com.amazon.coral.service#InvalidToken", "InvalidToken");
        Assert.Contains("signature", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("svc-pinned", "team")]
    [InlineData("svc-pinned", "TEAM")]
    [InlineData("svc-pinned-upper", "team")]
    public async Task TagClaim_SameKeyAsOperatorTag_OperatorTagWins(string subject, string claim)
    {
        using var response = await CallAsync(Token(subject: subject, claims: [new Claim(claim, "orders")]));
        var message = await WireAssertions.JsonErrorAsync(response, 403, "com.amazon.coral.service#AccessDeniedException", "AccessDenied");
        Assert.Contains("explicit deny", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Team")]
    [InlineData("team")]
    public async Task TagClaim_TwoValuesForOneKey_Refused(string second)
    {
        using var response = await CallAsync(Token(claims: [new Claim("team", "orders"), new Claim(second, "billing")]));
        var message = await WireAssertions.JsonErrorAsync(response, 401, "com.amazon.coral.service#InvalidToken", "InvalidToken");
        Assert.Contains("more than one value", message, StringComparison.Ordinal);
    }

    /// <summary>Writes a JWKS of the keys' public halves beside the file and moves it into place, as an operator would.</summary>
    private string WriteJwks(string name, params RsaSecurityKey[] signingKeys)
    {
        var path = Path.Combine(workspace.Files.Directory, name);
        var keys = signingKeys.Select(signingKey =>
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(signingKey.Rsa.ExportParameters(false)) { KeyId = signingKey.KeyId });
            return $$"""{"kty":"RSA","kid":"{{signingKey.KeyId}}","use":"sig","n":"{{jwk.N}}","e":"{{jwk.E}}"}""";
        });
        File.WriteAllText(path + ".new", $$"""{"keys":[{{string.Join(",", keys)}}]}""");
        File.Move(path + ".new", path, overwrite: true);
        return path;
    }

    [Fact]
    public async Task SigningKeyRotatedInFile_NewKeyAccepted_WithdrawnKeyRefused_ReloadsAudited()
    {
        var rotated = new RsaSecurityKey(RSA.Create(2048)) { KeyId = "k3" };
        Assert.Equal(401, (int)(await CallAsync(Token(signingKey: rotated))).StatusCode);

        WriteJwks("jwks.json", key, rotated);
        await Eventually.HoldsAsync(async () => (await CallAsync(Token(signingKey: rotated))).StatusCode == System.Net.HttpStatusCode.OK, "rotated key not loaded");
        Assert.Equal(200, (int)(await CallAsync(Token())).StatusCode);

        WriteJwks("jwks.json", rotated);
        await Eventually.HoldsAsync(async () => (await CallAsync(Token())).StatusCode == System.Net.HttpStatusCode.Unauthorized, "withdrawn key still accepted");
        await WireAssertions.JsonErrorAsync(await CallAsync(Token()), 401, "com.amazon.coral.service#InvalidToken", "InvalidToken");
        Assert.Equal(200, (int)(await CallAsync(Token(signingKey: rotated))).StatusCode);

        File.WriteAllText(Path.Combine(workspace.Files.Directory, "jwks.json"), "{\"keys\": [");
        await Eventually.HoldsAsync(async () => await workspace.Database.ScalarAsync<long>(
            "select count(*) from events where event_type = 'JwtKeysReloadFailed' and principal_arn = 'secq:system'") == 1, "failed reload not audited");
        Assert.Equal(200, (int)(await CallAsync(Token(signingKey: rotated))).StatusCode);

        var details = await workspace.Database.RowsAsync(
            "select (data -> 'detail')::text from events where event_type = 'JwtKeysReloaded' and action = 'ReloadJwtKeys' order by seq_id");
        Assert.Equal(2, details.Count);
        Assert.All(details, row => Assert.Equal($"{{\"issuers\": [\"{Issuer}\"]}}", (string)row[0]!));
    }

    [Fact]
    public async Task LookupEvents_WithABearerToken_IsAuthenticatedAndAuthorizedLikeAnyCall()
    {
        Task<HttpResponseMessage> LookupAsync(string token) => workspace.Client.SendAsync(
            HttpMethod.Post, "/", [new("Content-Type", "application/x-amz-json-1.1"), new("X-Amz-Target", "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents"),
                new("Authorization", "Bearer " + token)], "{}"u8.ToArray(), identity: null);

        using var allowed = await LookupAsync(Token());
        Assert.Equal(200, (int)allowed.StatusCode);
        Assert.Equal("arn:aws:iam::000000000000:role/orders-svc", (await WireAssertions.AuditAsync(workspace.Database, allowed)).Principal);
        using var denied = await LookupAsync(Token(team: "billing"));
        await Trail.TrailClient.ErrorAsync(denied, 400, "AccessDeniedException");
        using var refused = await LookupAsync(Token(audience: "someone-else"));
        await Trail.TrailClient.ErrorAsync(refused, 401, "InvalidToken");
        Assert.StartsWith("Bearer ", Assert.Single(refused.Headers.WwwAuthenticate).ToString(), StringComparison.Ordinal);
    }

    /// <summary>The token with its header saying <c>"alg": "none"</c> and its signature removed.</summary>
    private static string Unsigned(string token)
    {
        var header = Base64UrlEncoder.Encode("""{"alg":"none","kid":"k1","typ":"JWT"}""");
        return $"{header}.{token.Split('.')[1]}.";
    }

    private Task<HttpResponseMessage> CallAsync(string token) =>
        workspace.Client.SendAsync(HttpMethod.Post, "/", [new("Content-Type", "application/x-amz-json-1.0"), new("X-Amz-Target", "AmazonSQS.ListQueues"),
            new("Authorization", "Bearer " + token)], "{}"u8.ToArray(), identity: null);

    private string Token(
        string issuer = Issuer, string audience = Audience, string subject = "svc-orders", string team = "orders",
        DateTime? notBefore = null, DateTime? expires = null, SecurityKey? signingKey = null, string algorithm = SecurityAlgorithms.RsaSha256,
        Claim[]? claims = null)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim("sub", subject), .. claims ?? [new Claim("team", team)]]),
            IssuedAt = notBefore ?? now,
            NotBefore = notBefore ?? now,
            Expires = expires ?? now.AddMinutes(10),
            SigningCredentials = new SigningCredentials(signingKey ?? key, algorithm),
        });
    }
}
