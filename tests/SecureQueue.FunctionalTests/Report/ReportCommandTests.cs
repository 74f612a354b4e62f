using System.Text.Json;
using SecureQueue.Cli.Commands;
using SecureQueue.FunctionalTests.Infrastructure;
using SecureQueue.Trail.Tests.Reports;
using Xunit.Abstractions;

namespace SecureQueue.FunctionalTests.Report;

/// <summary><c>secq report</c> over a log a real gateway wrote: the JSON against its schema and the facts, the HTML in Chromium.</summary>
public sealed class ReportCommandTests(ReportFixture fixture, ITestOutputHelper log) : IClassFixture<ReportFixture>
{
    [Fact]
    public void Json_Written_Exit0AndConformsToSchema()
    {
        log.WriteLine($"{fixture.Json.Output}{fixture.Json.Error}");
        Assert.Equal(ReportCommand.Written, fixture.Json.Code);
        Assert.Empty(ReportSchemaCheck.Errors(File.ReadAllText(fixture.JsonFile)));
    }

    [Fact]
    public void Json_Integrity_VerifiedWithCheckpointFile()
    {
        using var report = fixture.ParseJson();
        var integrity = report.RootElement.GetProperty("integrity");

        Assert.Equal("pass", integrity.GetProperty("status").GetString());
        Assert.True(integrity.GetProperty("intact").GetBoolean());
        Assert.True(integrity.GetProperty("checkpointFileChecked").GetBoolean());
        Assert.Equal(0, integrity.GetProperty("unsealed").GetInt64());
        // The gateway's last checkpoint anchors its last event; the report's own audited run comes after it.
        Assert.Equal(integrity.GetProperty("lastPosition").GetInt64(), integrity.GetProperty("lastCheckpoint").GetProperty("position").GetInt64() + 1);
        Assert.True(integrity.GetProperty("sealingLagP99Seconds").GetDouble() >= 0);
    }

    [Fact]
    public void Json_Coverage_CountsOutcomesDenialsAndFailedAuthentication()
    {
        using var report = fixture.ParseJson();
        var coverage = report.RootElement.GetProperty("coverage");
        var outcomes = coverage.GetProperty("byOutcome");

        Assert.Equal((5L, 2L, 1L, 0L), (outcomes.GetProperty("success").GetInt64(), outcomes.GetProperty("denied").GetInt64(),
            outcomes.GetProperty("unauthenticated").GetInt64(), outcomes.GetProperty("error").GetInt64()));
        var denied = Assert.Single(coverage.GetProperty("deniedByPrincipal").EnumerateArray());
        Assert.Equal((TestIdentity.Sender.Arn, 2L), (denied.GetProperty("principal").GetString(), denied.GetProperty("count").GetInt64()));
        var failure = Assert.Single(coverage.GetProperty("authenticationFailures").EnumerateArray());
        Assert.Equal([ReportFixture.Ghost.AccessKeyId], failure.GetProperty("accessKeyIds").EnumerateArray().Select(k => k.GetString()));
        Assert.Equal("TLSv1.3", coverage.GetProperty("tlsVersions")[0].GetProperty("name").GetString());
    }

    [Fact]
    public void Json_Queues_PublicCrossAccountAndTagsJudged()
    {
        using var report = fixture.ParseJson();
        var queues = report.RootElement.GetProperty("queues").EnumerateArray().ToDictionary(q => q.GetProperty("name").GetString()!);

        Assert.Equal(["hostile", "orders", "partner", "public-feed"], queues.Keys);
        var feed = queues["public-feed"].GetProperty("access");
        Assert.Equal("fail", feed.GetProperty("status").GetString());
        Assert.Equal("public", feed.GetProperty("grants")[0].GetProperty("scope").GetString());
        Assert.Contains("aws:SourceIp", feed.GetProperty("grants")[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
        var partner = queues["partner"].GetProperty("access");
        Assert.Equal(("warn", true), (partner.GetProperty("status").GetString(), partner.GetProperty("deniesPlainHttp").GetBoolean()));
        Assert.Equal(ReportFixture.PartnerAccount, partner.GetProperty("grants")[0].GetProperty("accounts")[0].GetString());
        Assert.Equal("pass", queues["orders"].GetProperty("tagging").GetProperty("status").GetString());
        Assert.Equal(["team"], queues["public-feed"].GetProperty("tagging").GetProperty("missing").EnumerateArray().Select(k => k.GetString()));
        var encryption = queues["orders"].GetProperty("encryption");
        Assert.Equal(("pass", "SSE-SQS", "default"), (encryption.GetProperty("status").GetString(), encryption.GetProperty("type").GetString(), encryption.GetProperty("keyring").GetString()));
        Assert.True(encryption.GetProperty("dataKeyAgeSeconds").GetDouble() >= 0, "the send made a data key");
        Assert.Contains(queues["hostile"].GetProperty("access").GetProperty("findings").EnumerateArray(), f => f.GetProperty("code").GetString() == "UNKNOWN_CONDITION_KEY");
    }

    [Fact]
    public void Json_Identities_LastUseUnusedCredentialsAndWildcardWrite()
    {
        using var report = fixture.ParseJson();
        var identities = report.RootElement.GetProperty("identities").EnumerateArray().ToDictionary(i => i.GetProperty("name").GetString()!);

        var dormant = identities["dormant"];
        Assert.True(dormant.GetProperty("wildcardWrite").GetBoolean());
        Assert.Equal(JsonValueKind.Null, dormant.GetProperty("lastUsed").ValueKind);
        var credential = Assert.Single(dormant.GetProperty("credentials").EnumerateArray());
        Assert.Equal((ReportFixture.Dormant.AccessKeyId, true), (credential.GetProperty("id").GetString(), credential.GetProperty("unused").GetBoolean()));
        Assert.Equal("warn", dormant.GetProperty("status").GetString());
        var admin = identities["admin"];
        Assert.NotEqual(JsonValueKind.Null, admin.GetProperty("lastUsed").ValueKind);
        Assert.False(admin.GetProperty("credentials")[0].GetProperty("unused").GetBoolean());
        Assert.Equal((2L, 2L), (identities["sender"].GetProperty("callsInPeriod").GetInt64(), identities["sender"].GetProperty("deniedInPeriod").GetInt64()));
    }

    [Fact]
    public void Json_Gateway_GuardrailListenersAndTls()
    {
        using var report = fixture.ParseJson();
        var gateway = report.RootElement.GetProperty("gateway");

        Assert.True(gateway.GetProperty("tlsOnly").GetBoolean());
        Assert.Contains(gateway.GetProperty("tlsOnlyEvidence").EnumerateArray(), e => e.GetString()!.Contains("guardrails/tls-only.json", StringComparison.Ordinal));
        Assert.Equal("guardrails/tls-only.json", gateway.GetProperty("guardrails")[0].GetProperty("source").GetString());
        Assert.Equal(["TLSv1.2", "TLSv1.3"], gateway.GetProperty("tlsProtocols").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal("https://0.0.0.0:8443", gateway.GetProperty("listeners")[0].GetProperty("url").GetString());
        Assert.Equal(["team"], gateway.GetProperty("requiredTags").EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public void Reports_NeverHoldBodiesAttributeValuesSecretsOrPolicies()
    {
        foreach (var file in new[] { fixture.JsonFile, fixture.HtmlFile })
        {
            var text = File.ReadAllText(file);
            Assert.DoesNotContain(ReportFixture.Body, text, StringComparison.Ordinal);
            Assert.DoesNotContain(ReportFixture.AttributeValue, text, StringComparison.Ordinal);
            Assert.DoesNotContain(File.ReadAllText(fixture.Workspace.Files.MasterKeyFile).Trim(), text, StringComparison.Ordinal);
            foreach (var identity in TestIdentity.All.Append(ReportFixture.Dormant))
            {
                Assert.DoesNotContain(identity.SecretAccessKey, text, StringComparison.Ordinal);
            }

            // Policy documents appear as grants and findings only, never their text (the condition value is policy content).
            Assert.DoesNotContain("10.0.0.0/8", text, StringComparison.Ordinal);
            Assert.DoesNotContain("2012-10-17", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Html_RendersInChromium_ScreenshotPdfAndDom()
    {
        Assert.Equal(ReportCommand.Written, fixture.Html.Code);
        var screenshot = Path.Combine(fixture.Directory, "report.png");
        await HeadlessChromium.ScreenshotAsync(fixture.HtmlFile, screenshot, 1280, 2400);
        File.Copy(screenshot, Path.Combine(Path.GetTempPath(), "secq-report-screenshot.png"), overwrite: true);
        log.WriteLine($"screenshot: {Path.Combine(Path.GetTempPath(), "secq-report-screenshot.png")}");

        var image = PngImage.Read(screenshot);
        Assert.Equal((1280, 2400), (image.Width, image.Height));
        var (r, g, b) = image[20, 20];
        Assert.True(r < 60 && g < 60 && b > 40, $"the header band is dark blue, not ({r},{g},{b}): the inline style applied");
        var colours = new HashSet<int>();
        var ink = 0;
        for (var y = 0; y < image.Height; y += 3)
        {
            for (var x = 0; x < image.Width; x += 3)
            {
                var (pr, pg, pb) = image[x, y];
                colours.Add((pr << 16) | (pg << 8) | pb);
                ink += pr + pg + pb < 600 ? 1 : 0;
            }
        }

        Assert.True(colours.Count > 50, $"{colours.Count} colours: the page is not blank");
        Assert.True(ink > 5000, $"{ink} sampled pixels with ink");

        var dom = await HeadlessChromium.DumpDomAsync(fixture.HtmlFile);
        foreach (var expected in new[] { "id=\"integrity\"", "id=\"coverage\"", "id=\"queues\"", "id=\"identities\"", "id=\"gateway\"", "id=\"requirements\"",
            "public-feed", ReportFixture.PartnerAccount, "AKIASECQGHOST0000001", "10.2.1.4", "10.7.2", "CC7.2", "guardrails/tls-only.json", "Intact" })
        {
            Assert.Contains(expected, dom, StringComparison.Ordinal);
        }

        // The hostile condition key from a queue policy is text in the DOM, never an element.
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", dom, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", dom, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script", dom, StringComparison.OrdinalIgnoreCase);

        var pdf = Path.Combine(fixture.Directory, "report.pdf");
        await HeadlessChromium.PrintToPdfAsync(fixture.HtmlFile, pdf);
        var bytes = await File.ReadAllBytesAsync(pdf);
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(bytes, 0, 4));
        var pages = System.Text.RegularExpressions.Regex.Count(System.Text.Encoding.Latin1.GetString(bytes), @"/Type\s*/Page[^s]");
        Assert.True(pages >= 2, $"{pages} printed pages");
    }

    [Theory]
    [InlineData("--format", "pdf")]
    [InlineData("--unknown", "1")]
    [InlineData("--to-time", "yesterday")]
    [InlineData("--to-time", "2000-01-01T00:00:00Z")]
    [InlineData("--checkpoints", "/nonexistent/checkpoints.jsonl")]
    public async Task Report_BadArguments_Exit2(string option, string value)
    {
        var (code, _, error) = await fixture.RunAsync("--format", "json", "--out", Path.Combine(fixture.Directory, "bad.json"), option, value);

        Assert.Equal(ReportCommand.UsageError, code);
        Assert.StartsWith("secq report: ", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(fixture.Directory, "bad.json")));
    }

    [Fact]
    public async Task Report_EachRun_IsAnAuditedEventWrittenBeforeItReads()
    {
        var rows = await fixture.Workspace.Database.RowsAsync(
            "select principal_arn, data ->> 'readOnly', data -> 'detail' ->> 'format', data -> 'detail' ->> 'file', data -> 'detail' ->> 'toTime' " +
            "from events where action = 'GenerateComplianceReport' order by seq_id limit 2");
        Assert.Equal(
            [($"secq:operator/{Environment.UserName}", "true", "json", fixture.JsonFile), ($"secq:operator/{Environment.UserName}", "true", "html", fixture.HtmlFile)],
            rows.Select(r => ((string)r[0]!, (string)r[1]!, (string)r[2]!, (string)r[3]!)));
        Assert.All(rows, r => Assert.NotNull(r[4]));

        // A connection that can read the log but not write to it: the run cannot record itself, so it writes no report.
        var before = await fixture.Workspace.Database.ScalarAsync<long>("select count(*) from events where action = 'GenerateComplianceReport'");
        var readOnly = new Npgsql.NpgsqlConnectionStringBuilder(fixture.Workspace.Database.ConnectionString) { Options = "-c default_transaction_read_only=on" };
        var file = Path.Combine(fixture.Directory, "unrecorded.json");
        var (code, _, error) = await fixture.RunOnAsync(readOnly.ConnectionString, "--format", "json", "--out", file);
        Assert.Equal(ReportCommand.UsageError, code);
        Assert.Contains("read-only transaction", error, StringComparison.Ordinal);
        Assert.False(File.Exists(file));
        Assert.Equal(before, await fixture.Workspace.Database.ScalarAsync<long>("select count(*) from events where action = 'GenerateComplianceReport'"));
    }

    [Fact]
    public async Task Report_MissingIdentitiesFile_Exit2NamingTheSetting()
    {
        var (code, _, error) = await fixture.RunAsync("--format", "json", "--out", Path.Combine(fixture.Directory, "bad.json"), "--SecureQueue:IdentitiesFile=");

        Assert.Equal(ReportCommand.UsageError, code);
        Assert.Contains("SecureQueue:IdentitiesFile", error, StringComparison.Ordinal);
    }
}
