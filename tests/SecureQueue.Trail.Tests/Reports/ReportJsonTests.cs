using System.Text.Json;
using System.Text.Json.Nodes;
using SecureQueue.Trail.Reports;

namespace SecureQueue.Trail.Tests.Reports;

public sealed class ReportJsonTests
{
    [Fact]
    public void Serialize_SampleReport_ConformsToSchema()
    {
        var json = ReportJson.Serialize(SampleReport.Build());

        Assert.Empty(ReportSchemaCheck.Errors(json));
    }

    [Fact]
    public void Serialize_TamperedLog_ConformsToSchemaWithFindings()
    {
        var json = ReportJson.Serialize(SampleReport.Build(SampleReport.TamperedChain));

        Assert.Empty(ReportSchemaCheck.Errors(json));
        using var document = JsonDocument.Parse(json);
        var finding = Assert.Single(document.RootElement.GetProperty("integrity").GetProperty("findings").EnumerateArray());
        Assert.Equal("edited", finding.GetProperty("kind").GetString());
    }

    [Fact]
    public void Schema_UnknownProperty_Rejected()
    {
        var node = JsonNode.Parse(ReportJson.Serialize(SampleReport.Build()))!;
        node["queues"]![0]!["encryption"]!["plaintextKey"] = "x";

        Assert.Contains(ReportSchemaCheck.Errors(node.ToJsonString()), e => e.Contains("/queues/0/encryption", StringComparison.Ordinal));
    }

    [Fact]
    public void Schema_MissingRequiredProperty_Rejected()
    {
        var node = JsonNode.Parse(ReportJson.Serialize(SampleReport.Build()))!;
        node["integrity"]!.AsObject().Remove("intact");

        Assert.NotEmpty(ReportSchemaCheck.Errors(node.ToJsonString()));
    }

    [Fact]
    public void Serialize_Names_CamelCaseAndScopesAsWords()
    {
        using var document = JsonDocument.Parse(ReportJson.Serialize(SampleReport.Build()));
        var root = document.RootElement;

        Assert.Equal(ComplianceReport.CurrentFormat, root.GetProperty("format").GetString());
        var grant = root.GetProperty("queues")[1].GetProperty("access").GetProperty("grants")[0];
        Assert.Equal("public", grant.GetProperty("scope").GetString());
        Assert.Equal("Statement[0] (Sid Everyone)", grant.GetProperty("statement").GetString());
        Assert.Equal(5, root.GetProperty("coverage").GetProperty("byOutcome").GetProperty("unauthenticated").GetInt64());
    }

    [Fact]
    public void Serialize_QueuePolicy_NeverCopiedVerbatim()
    {
        var json = ReportJson.Serialize(SampleReport.Build());

        Assert.DoesNotContain("\"Principal\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("2012-10-17", json, StringComparison.Ordinal);
    }
}
