using System.Diagnostics;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SecureQueue.FunctionalTests.Infrastructure;

namespace SecureQueue.FunctionalTests.Proxy;

/// <summary>The real clients of the front door tests: curl signing with <c>--aws-sigv4</c>, and bearer tokens from the test issuer.</summary>
public static class ProxyClients
{
    /// <summary>
    /// Runs curl against the gateway signed as <paramref name="identity"/> (service execute-api); returns status, headers and body.
    /// <paramref name="dataFile"/> sends a file as the body; <paramref name="extraHeaders"/> are added (and signed, as curl signs x-amz-* headers).
    /// </summary>
    public static async Task<(int Status, Dictionary<string, string> Headers, string Body)> CurlAsync(
        FrontDoorFixture fixture, TestIdentity identity, string path, string method = "GET", string? data = null, string? secret = null,
        string? dataFile = null, IReadOnlyList<string>? extraHeaders = null)
    {
        var start = new ProcessStartInfo("curl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
        {
            "-sS", "-i", "--cacert", fixture.Files.CaFile, "--aws-sigv4", "aws:amz:us-east-1:execute-api",
            "--user", $"{identity.AccessKeyId}:{secret ?? identity.SecretAccessKey}", "-X", method,
        })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var header in extraHeaders ?? [])
        {
            start.ArgumentList.Add("-H");
            start.ArgumentList.Add(header);
        }

        if (dataFile is not null)
        {
            start.ArgumentList.Add("--data-binary");
            start.ArgumentList.Add("@" + dataFile);
        }

        if (data is not null)
        {
            start.ArgumentList.Add("-H");
            start.ArgumentList.Add("Content-Type: application/json");
            start.ArgumentList.Add("--data-binary");
            start.ArgumentList.Add(data);
        }

        start.ArgumentList.Add(new Uri(fixture.Gateway.Endpoint, path).ToString());
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"curl failed: {error}");
        var split = output.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var lines = output[..split].Split("\r\n");
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim().ToLowerInvariant(), p => p[1].Trim());
        return (int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), headers, output[(split + 4)..]);
    }

    /// <summary>A token from the fixture's JWT issuer for <paramref name="subject"/>, with further <paramref name="claims"/> (an array value is a JSON array).</summary>
    public static string Token(FrontDoorFixture fixture, string subject = "svc-web", IDictionary<string, object>? claims = null)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = FrontDoorFixture.Issuer,
            Audience = "securequeue",
            Subject = new ClaimsIdentity([new Claim("sub", subject)]),
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(10),
            Claims = claims,
            SigningCredentials = new SigningCredentials(fixture.JwtKey, SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>What the test upstream reported it received.</summary>
    public static JsonElement Seen(string body) => JsonDocument.Parse(body).RootElement;
}

/// <summary>The one audit event of a proxied request, by the request id the gateway answered with.</summary>
public sealed record ProxyAudit(string Action, string? Principal, string? ErrorCode, string EventType, string? Resource, string? Decision, JsonElement Data)
{
    public static async Task<ProxyAudit> ForAsync(TestDatabase database, string requestId)
    {
        await WaitAsync(database, [Guid.Parse(requestId)]);
        var rows = await database.RowsAsync(
            $"select action, principal_arn, error_code, event_type, resource_arn, decision, data::text from events where request_id = '{Guid.Parse(requestId)}'");
        var row = Assert.Single(rows);
        return new ProxyAudit((string)row[0]!, (string?)row[1], (string?)row[2], (string)row[3]!, (string?)row[4], (string?)row[5], JsonDocument.Parse((string)row[6]!).RootElement);
    }

    /// <summary>
    /// Waits until every one of <paramref name="requestIds"/> has an event: a forwarded request's is committed after its
    /// answer went out (<c>ForwardedAudits</c>), so a test can read the database before it lands. Gives up after 10 s and
    /// leaves the test's own assertions to name what is missing.
    /// </summary>
    public static async Task WaitAsync(TestDatabase database, IReadOnlyCollection<Guid> requestIds)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        var ids = string.Join(',', requestIds.Select(id => $"'{id}'"));
        while (await database.ScalarAsync<long>($"select count(distinct request_id) from events where request_id in ({ids})") < requestIds.Count
               && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
    }

    public static Task<ProxyAudit> ForAsync(TestDatabase database, HttpResponseMessage response) =>
        ForAsync(database, Assert.Single(response.Headers.GetValues("x-amzn-RequestId")));

    public JsonElement Detail => Data.GetProperty("detail");
}
