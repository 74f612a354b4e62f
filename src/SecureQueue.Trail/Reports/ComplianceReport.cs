namespace SecureQueue.Trail.Reports;

/// <summary>
/// The compliance report of <c>secq report</c>: what the log and the gateway's configuration show for one period, with
/// the evidence behind each line. Rendered as JSON (<see cref="ReportJson"/>, schema <c>report.schema.json</c>) and as
/// HTML (<see cref="ReportHtml"/>). It holds ids, names, counts and findings; never a message body, an attribute value,
/// a secret or a policy document.
/// </summary>
public sealed record ComplianceReport(
    string Format,
    DateTimeOffset GeneratedAt,
    ReportPeriod Period,
    string AccountId,
    string Region,
    string GatewayVersion,
    AuditIntegrity Integrity,
    AuditCoverage Coverage,
    IReadOnlyList<QueuePosture> Queues,
    IReadOnlyList<IdentityPosture> Identities,
    GatewayPosture Gateway,
    IReadOnlyList<RequirementRow> Requirements)
{
    /// <summary>The value of <see cref="Format"/>; a change that breaks readers of the JSON changes its number.</summary>
    public const string CurrentFormat = "secq-compliance-report/1";
}

/// <summary>The period the activity sections cover: [From, To).</summary>
public sealed record ReportPeriod(DateTimeOffset From, DateTimeOffset To);

/// <summary>The result of one check: pass, warn, fail, or info (nothing to judge).</summary>
internal static class CheckStatus
{
    public const string Pass = "pass";
    public const string Warn = "warn";
    public const string Fail = "fail";
    public const string Info = "info";

    /// <summary>The worst of several results (fail over warn over pass; info counts as pass).</summary>
    public static string Worst(IEnumerable<string> statuses)
    {
        var all = statuses.ToList();
        return all.Contains(Fail) ? Fail : all.Contains(Warn) ? Warn : Pass;
    }
}
