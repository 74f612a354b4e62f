using System.Globalization;

namespace SecureQueue.Trail.Reports;

/// <summary>
/// The report as one self-contained HTML page: inline CSS, inline SVG charts, no scripts and no external URLs, laid out
/// for print as well as for a screen. Every value is HTML-encoded (see <see cref="HtmlWriter"/>).
/// </summary>
public static partial class ReportHtml
{
    public const string StyleResource = "SecureQueue.Trail.Reports.report.css";

    private static readonly Lazy<string> Style = new(() =>
    {
        using var stream = typeof(ReportHtml).Assembly.GetManifestResourceStream(StyleResource)
            ?? throw new InvalidOperationException($"The resource {StyleResource} is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    public static string Render(ComplianceReport report)
    {
        var html = new HtmlWriter();
        html.Markup("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Markup("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Markup("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">")
            .Open("title").Text($"SecureQueue compliance report — {report.AccountId} — {Date(report.Period.From)} to {Date(report.Period.To)}").Close("title")
            .Markup("<style>").Markup(Style.Value).Markup("</style></head><body>");
        Header(html, report);
        html.Open("main");
        html.Markup("<nav class=\"toc\"><a href=\"#integrity\">Audit integrity</a><a href=\"#coverage\">Audit coverage</a><a href=\"#queues\">Queues</a>")
            .Markup("<a href=\"#identities\">Identities</a><a href=\"#gateway\">Guardrails and listeners</a><a href=\"#requirements\">PCI DSS and SOC 2</a></nav>");
        Cards(html, report);
        IntegritySection(html, report.Integrity);
        CoverageSection(html, report.Coverage);
        QueuesSection(html, report.Queues);
        IdentitiesSection(html, report.Identities);
        GatewaySection(html, report.Gateway);
        RequirementsSection(html, report.Requirements);
        html.Close("main");
        html.Open("footer").Text(
            $"{report.Format} · generated {Time(report.GeneratedAt)} by secq {report.GatewayVersion}. This report holds ids, names, counts and findings; " +
            "it never holds message bodies, attribute values, secrets or policy documents. The JSON form (secq report --format json) follows report.schema.json.")
            .Close("footer");
        return html.Markup("</body></html>\n").ToString();
    }

    private static void Header(HtmlWriter html, ComplianceReport report)
    {
        html.Open("header", "top")
            .Element("h1", "SecureQueue compliance report")
            .Element("div", "Audit integrity, audit coverage, queue and identity posture, and PCI DSS requirement 10 / SOC 2 evidence", "sub")
            .Open("dl");
        foreach (var (term, value) in new[]
        {
            ("Account", report.AccountId), ("Region", report.Region),
            ("Period (UTC)", $"{Time(report.Period.From)} – {Time(report.Period.To)}"), ("Generated", Time(report.GeneratedAt)),
        })
        {
            html.Element("dt", term).Element("dd", value);
        }

        html.Close("dl").Close("header");
    }

    private static void Cards(HtmlWriter html, ComplianceReport report)
    {
        var coverage = report.Coverage;
        var invalid = coverage.ByOutcome["denied"] + coverage.ByOutcome["unauthenticated"];
        var failingQueues = report.Queues.Count(q => q.Status == CheckStatus.Fail);
        var flagged = report.Identities.Count(i => i.Status != CheckStatus.Pass);
        html.Open("div", "cards");
        Card(html, report.Integrity.Status, "Audit integrity", report.Integrity.Intact ? "Intact" : "Tampered",
            $"{Count(report.Integrity.EventsVerified)} events verified");
        Card(html, CheckStatus.Info, "Calls in period", Count(coverage.Calls), $"{Count(coverage.ByOutcome["success"])} succeeded");
        Card(html, invalid > 0 ? CheckStatus.Warn : CheckStatus.Pass, "Invalid attempts", Count(invalid),
            $"{Count(coverage.ByOutcome["denied"])} denied, {Count(coverage.ByOutcome["unauthenticated"])} auth failures");
        Card(html, failingQueues > 0 ? CheckStatus.Fail : CheckStatus.Pass, "Queues", Count(report.Queues.Count), $"{failingQueues} failing SQS.1–3");
        Card(html, flagged > 0 ? CheckStatus.Warn : CheckStatus.Pass, "Identities", Count(report.Identities.Count), $"{flagged} with findings");
        Card(html, report.Gateway.TlsOnly ? CheckStatus.Pass : CheckStatus.Fail, "Transport", report.Gateway.TlsOnly ? "TLS only" : "Plain HTTP",
            string.Join(", ", report.Gateway.TlsProtocols));
        html.Close("div");
    }

    private static void Card(HtmlWriter html, string status, string label, string value, string note) =>
        html.Open("div", "card " + status).Element("div", label, "label").Element("div", value, "value").Element("div", note, "note").Close("div");

    private static void SectionStart(HtmlWriter html, string id, string title, string lead) =>
        html.Open("section", null, id).Element("h2", title).Element("p", lead, "lead");

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Date(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) ?? "never";

    private static string Number(double? value, string format = "F2") => value?.ToString(format, CultureInfo.InvariantCulture) ?? "n/a";

    private static string Duration(double? seconds) => seconds switch
    {
        null => "n/a",
        < 120 => $"{Number(seconds, "F1")} s",
        < 7200 => $"{Number(seconds / 60, "F0")} min",
        < 172800 => $"{Number(seconds / 3600, "F1")} h",
        _ => $"{Number(seconds / 86400, "F0")} days",
    };
}
