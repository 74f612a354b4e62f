using SecureQueue.Log.Audit;
using SecureQueue.Trail.Reports;

namespace SecureQueue.Trail.Tests.Reports;

public sealed class CoverageTests
{
    private static readonly AuditCoverage Sample = Coverage.From(SampleReport.Groups);

    [Fact]
    public void From_Totals_ByOutcome()
    {
        Assert.Equal(211, Sample.Calls);
        Assert.Equal((202L, 3L, 5L, 1L), (Sample.ByOutcome[CallOutcomes.Success], Sample.ByOutcome[CallOutcomes.Denied], Sample.ByOutcome[CallOutcomes.Unauthenticated], Sample.ByOutcome[CallOutcomes.Failed]));
    }

    [Fact]
    public void From_Actions_MostCalledFirstWithOutcomes()
    {
        var top = Sample.Actions[0];

        Assert.Equal(("SendMessage", 121L, 120L, 1L), (top.Action, top.Total, top.Success, top.Error));
        Assert.Equal(5, Sample.Actions.Count);
    }

    [Fact]
    public void From_Days_InOrder()
    {
        Assert.Equal([new DateOnly(2026, 11, 27), new DateOnly(2026, 11, 28), new DateOnly(2026, 11, 29)], Sample.Days.Select(d => d.Day));
        Assert.Equal(5, Sample.Days[2].Unauthenticated);
    }

    [Fact]
    public void From_DeniedAndFailedAuthentications_ByPrincipalAndSource()
    {
        var denied = Assert.Single(Sample.DeniedByPrincipal);
        Assert.Equal((SampleReport.HostilePrincipal, 3L), (denied.Principal, denied.Count));
        Assert.Equal(["DeleteQueue"], denied.Actions);

        var failure = Assert.Single(Sample.AuthenticationFailures);
        Assert.Equal(("198.51.100.9", "InvalidClientTokenId", 5L), (failure.SourceIp, failure.ErrorCode, failure.Count));
        Assert.Equal([SampleReport.HostileAccessKey], failure.AccessKeyIds);
    }

    [Fact]
    public void From_Categories_ZeroCountsKept()
    {
        var categories = Sample.Categories.ToDictionary(c => c.Requirement);

        Assert.Equal(["10.2.1.1", "10.2.1.2", "10.2.1.3", "10.2.1.4", "10.2.1.7"], Sample.Categories.Select(c => c.Requirement));
        Assert.Equal(201, categories["10.2.1.1"].Count);
        Assert.Equal(5, categories["10.2.1.2"].Count);
        Assert.Equal(0, categories["10.2.1.3"].Count);
        Assert.Equal(8, categories["10.2.1.4"].Count);
        Assert.Equal(5, categories["10.2.1.7"].Count);
    }

    [Fact]
    public void From_NoCalls_EmptyButComplete()
    {
        var empty = Coverage.From([]);

        Assert.Equal(0, empty.Calls);
        Assert.Equal(CallOutcomes.All, empty.ByOutcome.Keys);
        Assert.Equal(5, empty.Categories.Count);
    }
}
