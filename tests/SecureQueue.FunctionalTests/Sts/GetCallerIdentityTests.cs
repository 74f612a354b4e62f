using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using SecureQueue.FunctionalTests.Infrastructure;
using SecureQueue.FunctionalTests.Protocol;

namespace SecureQueue.FunctionalTests.Sts;

/// <summary>
/// <c>sts:GetCallerIdentity</c> on the gateway's endpoint, signed for the service <c>sts</c>: in AWS Query and JSON 1.0,
/// for any authenticated caller whatever its policies (as at AWS), refused without valid credentials, audited every time.
/// </summary>
public sealed class GetCallerIdentityTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>, IDisposable
{
    private static readonly XNamespace Sts = "https://sts.amazonaws.com/doc/2011-06-15/";
    private readonly SignedClient client = fixture.Client();

    [Theory]
    [MemberData(nameof(Identities))]
    public async Task Query_NamesTheCaller_WhateverItsPolicies(string name)
    {
        var identity = TestIdentity.All.Single(i => i.Name == name);
        using var response = await QueryAsync("Action=GetCallerIdentity&Version=2011-06-15", identity);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
        var root = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!;
        Assert.Equal(Sts + "GetCallerIdentityResponse", root.Name);
        var result = root.Element(Sts + "GetCallerIdentityResult")!;
        Assert.Equal(identity.Arn, result.Element(Sts + "Arn")!.Value);
        Assert.Equal(identity.AccessKeyId, result.Element(Sts + "UserId")!.Value);
        Assert.Equal("000000000000", result.Element(Sts + "Account")!.Value);
        Assert.Equal(WireAssertions.RequestId(response).ToString(), root.Element(Sts + "ResponseMetadata")!.Element(Sts + "RequestId")!.Value);
        var audit = await AuditAsync(response);
        Assert.Equal(("GetCallerIdentity", identity.Arn, identity.AccessKeyId, "NotRequired", "sts.amazonaws.com"), audit);
    }

    public static TheoryData<string> Identities => new(TestIdentity.All.Select(i => i.Name));

    [Fact]
    public async Task Json_NamesTheCaller()
    {
        using var response = await JsonAsync("{}", TestIdentity.Sender);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("application/x-amz-json-1.0", response.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(TestIdentity.Sender.Arn, body.GetProperty("Arn").GetString());
        Assert.Equal(TestIdentity.Sender.AccessKeyId, body.GetProperty("UserId").GetString());
        Assert.Equal("000000000000", body.GetProperty("Account").GetString());
        Assert.Equal("GetCallerIdentity", (await AuditAsync(response)).Action);
    }

    [Fact]
    public async Task WrongSecret_SignatureDoesNotMatch_AuditedUnderTheKeyItNamed()
    {
        var forged = TestIdentity.Sender with { SecretAccessKey = "not-the-secret-0123456789abcdefghijklmn" };
        using var response = await QueryAsync("Action=GetCallerIdentity&Version=2011-06-15", forged);

        Assert.Equal("SignatureDoesNotMatch", await XmlErrorAsync(response, 403));
        var audit = await WireAssertions.AuditAsync(fixture, response);
        Assert.Equal(("GetCallerIdentity", null, TestIdentity.Sender.AccessKeyId, "SignatureDoesNotMatch"), (audit.Action, audit.Principal, audit.AccessKey, audit.ErrorCode));
    }

    [Fact]
    public async Task Unsigned_MissingAuthenticationToken()
    {
        using var response = await client.SendAsync(
            HttpMethod.Post, "/", [new("Content-Type", "application/x-amz-json-1.0"), new("X-Amz-Target", "AWSSecurityTokenServiceV20110615.GetCallerIdentity")],
            "{}"u8.ToArray(), identity: null);

        Assert.Equal(403, (int)response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("MissingAuthenticationToken", body.GetProperty("__type").GetString());
        Assert.Equal("MissingAuthenticationToken", (await WireAssertions.AuditAsync(fixture, response)).ErrorCode);
    }

    [Theory]
    [InlineData("Action=AssumeRole&Version=2011-06-15&RoleArn=arn:aws:iam::000000000000:role/x&RoleSessionName=s", "InvalidAction")]
    [InlineData("Action=GetCallerIdentity&Version=2012-11-05", "InvalidParameterValue")]
    [InlineData("Version=2011-06-15", "MissingAction")]
    public async Task BadQuery_PreciseError_Audited(string form, string code)
    {
        using var response = await QueryAsync(form, TestIdentity.Admin);

        Assert.Equal(code, await XmlErrorAsync(response, 400));
        var audit = await WireAssertions.AuditAsync(fixture, response);
        Assert.Equal((TestIdentity.Admin.Arn, code), (audit.Principal, audit.ErrorCode));
    }

    [Fact]
    public async Task JsonBodyNotAnObject_SerializationException()
    {
        using var response = await JsonAsync("[1]", TestIdentity.Admin);

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("SerializationException", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("__type").GetString());
        Assert.Equal("SerializationException", (await WireAssertions.AuditAsync(fixture, response)).ErrorCode);
    }

    [Fact]
    public async Task SignedForSqs_NeverReachesSts()
    {
        // The scope's service picks the module: the same form signed for sqs is an SQS call, and SQS has no such action.
        using var response = await client.QueryAsync("Action=GetCallerIdentity&Version=2011-06-15", TestIdentity.Admin);

        Assert.Equal(400, (int)response.StatusCode);
        var audit = await AuditAsync(response);
        Assert.Equal("sqs.amazonaws.com", audit.Source);
        Assert.Equal("InvalidAction", (await WireAssertions.AuditAsync(fixture, response)).ErrorCode);
    }

    public void Dispose() => client.Dispose();

    private Task<HttpResponseMessage> QueryAsync(string form, TestIdentity identity) =>
        client.SendAsync(HttpMethod.Post, "/", [new("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")], Encoding.UTF8.GetBytes(form), identity, service: "sts");

    private Task<HttpResponseMessage> JsonAsync(string json, TestIdentity identity) =>
        client.SendAsync(
            HttpMethod.Post, "/", [new("Content-Type", "application/x-amz-json-1.0"), new("X-Amz-Target", "AWSSecurityTokenServiceV20110615.GetCallerIdentity")],
            Encoding.UTF8.GetBytes(json), identity, service: "sts");

    private static async Task<string> XmlErrorAsync(HttpResponseMessage response, int status)
    {
        Assert.Equal(status, (int)response.StatusCode);
        var root = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!;
        Assert.Equal(Sts + "ErrorResponse", root.Name);
        Assert.Equal(WireAssertions.RequestId(response).ToString(), root.Element(Sts + "RequestId")!.Value);
        return root.Element(Sts + "Error")!.Element(Sts + "Code")!.Value;
    }

    /// <summary>The call's one event: action, principal, error code (null on success) or decision, and event source.</summary>
    private async Task<(string Action, string? Principal, string? Access, string? Outcome, string Source)> AuditAsync(HttpResponseMessage response)
    {
        var row = Assert.Single(await fixture.Database.RowsAsync(
            $"select action, principal_arn, access_key_id, coalesce(error_code, decision), data ->> 'eventSource' from events where request_id = '{WireAssertions.RequestId(response)}'"));
        return ((string)row[0]!, (string?)row[1], (string?)row[2], (string?)row[3], (string)row[4]!);
    }
}
