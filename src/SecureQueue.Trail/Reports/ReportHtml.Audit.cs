namespace SecureQueue.Trail.Reports;

/// <summary>The audit-integrity and audit-coverage sections.</summary>
public static partial class ReportHtml
{
    private static void IntegritySection(HtmlWriter html, AuditIntegrity integrity)
    {
        SectionStart(html, "integrity", "Audit integrity",
            "The hash chain recomputed over every stored field of every event and checked against the signed checkpoints (PCI DSS 10.3.2, 10.3.4).");
        html.Open("div", "kv");
        Pair(html, "Verification", w => w.Badge(integrity.Status).Text(integrity.Intact ? " intact" : " TAMPERED"));
        Pair(html, "Events verified", w => w.Text($"{Count(integrity.EventsVerified)} (positions 1 to {Count(integrity.LastPosition)})"));
        Pair(html, "Head hash", w => w.Code(integrity.HeadHash));
        Pair(html, "Signed checkpoints", w => w.Text(
            $"{integrity.CheckpointLinksChecked} links checked; {integrity.DatabaseCheckpoints} in the database, " +
            (integrity.CheckpointFileChecked ? $"{integrity.FileCheckpoints} in the checkpoint file" : "checkpoint file not given (database only)")));
        Pair(html, "Last checkpoint", w =>
        {
            if (integrity.LastCheckpoint is { } last)
            {
                w.Text($"position {Count(last.Position)}, signed {Time(last.SignedAt)} ({Duration(last.AgeSeconds)} ago) by key ").Code(last.KeyId)
                    .Text(" at ").Code(last.Origin);
            }
            else
            {
                w.Text("none yet");
            }
        });
        Pair(html, "Sealing lag in period", w => w.Text(
            $"p50 {Duration(integrity.SealingLagP50Seconds)}, p99 {Duration(integrity.SealingLagP99Seconds)}, max {Duration(integrity.SealingLagMaxSeconds)}"));
        Pair(html, "Not sealed yet", w => w.Text(
            $"{Count(integrity.Unsealed)} events" + (integrity.OldestUnsealedAgeSeconds is { } age ? $", oldest waiting {Duration(age)}" : string.Empty)));
        Pair(html, "Log history online", w => w.Text(
            $"{Count(integrity.TotalEvents)} events since {Time(integrity.FirstEventAt)} ({Number(integrity.RetainedDays, "F0")} days)"));
        html.Close("div");
        if (integrity.Findings.Count > 0)
        {
            html.Element("h3", "Verification findings").Table(integrity.Findings,
                ("Position", true, (w, f) => w.Text(Count(f.Position))),
                ("Kind", false, (w, f) => w.Badge(CheckStatus.Fail).Text(" " + f.Kind)),
                ("Detail", false, (w, f) => w.Text(f.Detail)));
        }

        html.Close("section");
    }

    private static void CoverageSection(HtmlWriter html, AuditCoverage coverage)
    {
        SectionStart(html, "coverage", "Audit coverage",
            "Every call in the period, allowed, denied or failed, by day, outcome, action, principal and source (PCI DSS 10.2.1.x, 10.2.2; SOC 2 CC7.2).");
        html.Element("h3", "Calls per day by outcome");
        SvgCharts.DailyCalls(html, coverage.Days);
        html.Open("div", "grid2").Open("div").Element("h3", "Top actions");
        SvgCharts.ActionBars(html, [.. coverage.Actions.Take(10)]);
        html.Close("div").Open("div").Element("h3", "Calls by outcome").Table(coverage.ByOutcome,
            ("Outcome", false, (w, o) => w.Text(o.Key)),
            ("Calls", true, (w, o) => w.Text(Count(o.Value))));
        html.Element("h3", "TLS versions seen").Table(coverage.TlsVersions,
            ("TLS", false, (w, t) => w.Text(t.Name)),
            ("Calls", true, (w, t) => w.Text(Count(t.Count))));
        html.Close("div").Close("div");
        html.Element("h3", "PCI DSS 10.2.1 event categories").Table(coverage.Categories,
            ("Req.", false, (w, c) => w.Text(c.Requirement)),
            ("Category", false, (w, c) => w.Text(c.Category)),
            ("Events", true, (w, c) => _ = c.Count == 0 ? w.Element("span", "none recorded", "badge warn") : w.Text(Count(c.Count))),
            ("Actions", false, (w, c) => w.Text(c.Actions.Count == 0 ? "none in the period" : string.Join(", ", c.Actions))));
        html.Element("h3", "Calls by action and outcome").Table(coverage.Actions,
            ("Action", false, (w, a) => w.Text(a.Action)),
            ("Total", true, (w, a) => w.Text(Count(a.Total))),
            ("Success", true, (w, a) => w.Text(Count(a.Success))),
            ("Denied", true, (w, a) => w.Text(Count(a.Denied))),
            ("Auth failed", true, (w, a) => w.Text(Count(a.Unauthenticated))),
            ("Error", true, (w, a) => w.Text(Count(a.Error))));
        html.Element("h3", "Denied calls per principal").Table(coverage.DeniedByPrincipal,
            ("Principal", false, (w, p) => w.Code(p.Principal)),
            ("Denied", true, (w, p) => w.Text(Count(p.Count))),
            ("Actions", false, (w, p) => w.Text(string.Join(", ", p.Actions))));
        html.Element("h3", "Authentication failures").Table(coverage.AuthenticationFailures,
            ("Source address", false, (w, f) => w.Code(f.SourceIp)),
            ("Error", false, (w, f) => w.Text(f.ErrorCode)),
            ("Calls", true, (w, f) => w.Text(Count(f.Count))),
            ("Access keys named", false, (w, f) => w.Code(string.Join(", ", f.AccessKeyIds))));
        html.Close("section");
    }

    private static void Pair(HtmlWriter html, string name, Action<HtmlWriter> value)
    {
        html.Element("div", name).Open("div");
        value(html);
        html.Close("div");
    }
}
