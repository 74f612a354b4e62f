namespace SecureQueue.Trail.Reports;

/// <summary>The PCI DSS requirement 10 and SOC 2 tables.</summary>
public static partial class ReportHtml
{
    private static void RequirementsSection(HtmlWriter html, IReadOnlyList<RequirementRow> rows)
    {
        SectionStart(html, "requirements", "PCI DSS v4.0.1 requirement 10 and SOC 2",
            "Which evidence in this report answers each requirement, and what the operator must provide. Requirement wording is paraphrased; quote the PCI SSC and AICPA texts in customer-facing material.");
        foreach (var framework in rows.GroupBy(r => r.Framework))
        {
            html.Element("h3", framework.Key).Table(framework,
                ("Req.", false, (w, r) => w.Element("strong", r.Id)),
                ("Requirement", false, (w, r) => w.Text(r.Requirement)),
                ("Status", false, (w, r) => w.Badge(r.Status)),
                ("Evidence in this report", false, (w, r) => w.Text(r.Evidence)),
                ("Operator provides", false, (w, r) => w.Text(r.OperatorProvides)));
        }

        html.Close("section");
    }
}
