using SecureQueue.Trail.Reports;

namespace SecureQueue.Trail.Tests.Reports;

public sealed class RequirementsTests
{
    [Fact]
    public void For_EveryRequirementOfTheIssue_OneRow()
    {
        var ids = SampleReport.Build().Requirements.Select(r => r.Id).ToList();

        Assert.Equal(
            ["10.2.1", "10.2.1.1", "10.2.1.2", "10.2.1.3", "10.2.1.4", "10.2.1.5", "10.2.1.6", "10.2.1.7", "10.2.2", "10.3.1", "10.3.2", "10.3.3", "10.3.4",
             "10.5.1", "10.7.2", "CC6.1", "CC7.2"],
            ids);
    }

    [Fact]
    public void For_IntactLog_IntegrityRowsAreEvidence()
    {
        var rows = SampleReport.Build().Requirements.ToDictionary(r => r.Id);

        Assert.Equal(Requirements.Evidence, rows["10.3.4"].Status);
        Assert.Equal(Requirements.Evidence, rows["10.3.2"].Status);
        Assert.Contains("8 invalid attempts", rows["10.2.1.4"].Evidence, StringComparison.Ordinal);
        Assert.Equal(Requirements.Operator, rows["10.3.3"].Status);
    }

    [Fact]
    public void For_TamperedLog_IntegrityRowsFail()
    {
        var rows = SampleReport.Build(SampleReport.TamperedChain).Requirements.ToDictionary(r => r.Id);

        Assert.Equal(Requirements.Fail, rows["10.3.4"].Status);
        Assert.Equal(Requirements.Fail, rows["10.2.1"].Status);
        Assert.Contains("TAMPERED at position 17 (edited)", rows["10.3.4"].Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void For_ShortHistory_RetentionIsPartialAndOperatorProvidesArchives()
    {
        var row = SampleReport.Build().Requirements.Single(r => r.Id == "10.5.1");

        Assert.Equal(Requirements.Partial, row.Status);
        Assert.Contains("40 days", row.Evidence, StringComparison.Ordinal);
        Assert.Contains("365 days", row.OperatorProvides, StringComparison.Ordinal);
    }

    [Fact]
    public void For_PublicQueue_Cc61Fails()
    {
        Assert.Equal(Requirements.Fail, SampleReport.Build().Requirements.Single(r => r.Id == "CC6.1").Status);
    }
}
