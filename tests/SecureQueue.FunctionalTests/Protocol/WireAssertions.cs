using System.Text.Json;
using System.Xml.Linq;
using SecureQueue.FunctionalTests.Infrastructure;

namespace SecureQueue.FunctionalTests.Protocol;

/// <summary>Exact checks of AWS error shapes on the wire, and of the one audit event each call leaves.</summary>
public static class WireAssertions
{
    private static readonly XNamespace Sqs = "http://queue.amazonaws.com/doc/2012-11-05/";

    public static async Task<string> JsonErrorAsync(HttpResponseMessage response, int status, string type, string queryCode, string fault = "Sender")
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/x-amz-json-1.0", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"{queryCode};{fault}", Assert.Single(response.Headers.GetValues("x-amzn-query-error")));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(type, body.RootElement.GetProperty("__type").GetString());
        return body.RootElement.GetProperty("message").GetString()!;
    }

    public static async Task<string> XmlErrorAsync(HttpResponseMessage response, int status, string code, string fault = "Sender")
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
        var document = XDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = document.Root!.Element(Sqs + "Error")!;
        Assert.Equal("ErrorResponse", document.Root.Name.LocalName);
        Assert.Equal(fault, error.Element(Sqs + "Type")!.Value);
        Assert.Equal(code, error.Element(Sqs + "Code")!.Value);
        Assert.Equal(RequestId(response).ToString(), document.Root.Element(Sqs + "RequestId")!.Value);
        return error.Element(Sqs + "Message")!.Value;
    }

    public static Guid RequestId(HttpResponseMessage response) => Guid.Parse(Assert.Single(response.Headers.GetValues("x-amzn-RequestId")));

    /// <summary>The call's single audit event: (action, principal ARN, access key id, error code, TLS version).</summary>
    public static Task<(string Action, string? Principal, string? AccessKey, string? ErrorCode, string? Tls)> AuditAsync(GatewayFixture fixture, HttpResponseMessage response) =>
        AuditAsync(fixture.Database, response);

    public static async Task<(string Action, string? Principal, string? AccessKey, string? ErrorCode, string? Tls)> AuditAsync(TestDatabase database, HttpResponseMessage response)
    {
        var rows = await database.RowsAsync(
            $"select action, principal_arn, access_key_id, error_code, tls_version from events where request_id = '{RequestId(response)}'");
        var row = Assert.Single(rows);
        return ((string)row[0]!, (string?)row[1], (string?)row[2], (string?)row[3], (string?)row[4]);
    }
}
