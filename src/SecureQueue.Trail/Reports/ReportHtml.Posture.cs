using SecureQueue.Policies.Linting;

namespace SecureQueue.Trail.Reports;

/// <summary>The queue, identity and gateway sections.</summary>
public static partial class ReportHtml
{
    private static void QueuesSection(HtmlWriter html, IReadOnlyList<QueuePosture> queues)
    {
        SectionStart(html, "queues", "Queues",
            "Security Hub SQS.1 (encrypted at rest), SQS.2 (required tags) and SQS.3 (no public access: a \"*\" grant counts as public unless a restricting condition key limits it; aws:SourceIp alone does not).");
        html.Table(queues,
            ("Queue", false, (w, q) => w.Code(q.Name)),
            ("SQS.1 encryption", false, (w, q) => w.Badge(q.Encryption.Status).Text($" {q.Encryption.Type} ").Code(q.Encryption.KeyId)),
            ("Key rotation", false, (w, q) => w.Text(
                $"KEK {(q.Encryption.KekVersion is { } v ? "v" + v : "?")} of {q.Encryption.Keyring ?? "?"}, {Number(q.Encryption.KekAgeDays, "F0")} days; {(q.Encryption.DataKeyAgeSeconds is null ? "no data key yet" : $"data key {Duration(q.Encryption.DataKeyAgeSeconds)} old")}, reuse {q.Encryption.DataKeyReusePeriodSeconds} s")),
            ("SQS.2 tags", false, (w, q) => w.Badge(q.Tagging.Status).Text(q.Tagging.Missing.Count > 0
                ? $" missing {string.Join(", ", q.Tagging.Missing)}"
                : q.Tagging.Keys.Count > 0 ? $" {string.Join(", ", q.Tagging.Keys)}" : " no tags")),
            ("SQS.3 access", false, (w, q) => w.Badge(q.Access.Status).Text(" " + AccessSummary(q.Access))),
            ("TLS-only policy", false, (w, q) => w.Text(q.Access.DeniesPlainHttp ? "yes" : q.Access.HasPolicy ? "no" : "no policy")));
        foreach (var queue in queues.Where(q => q.Access.Grants.Count > 0 || q.Access.Findings.Count > 0))
        {
            html.Open("h3").Text("Queue policy of ").Code(queue.Name).Close("h3");
            html.Table(queue.Access.Grants,
                ("Statement", false, (w, g) => w.Code(g.Statement)),
                ("Scope", false, (w, g) => w.Element("span", ScopeName(g.Scope), "badge " + ScopeStatus(g.Scope))),
                ("Actions", false, (w, g) => w.Code(string.Join(", ", g.Actions))),
                ("Why", false, (w, g) => w.Text(g.Reason + (g.Accounts.Count > 0 ? $" ({string.Join(", ", g.Accounts)})" : string.Empty))));
            Findings(html, queue.Access.Findings);
        }

        html.Close("section");
    }

    private static void IdentitiesSection(HtmlWriter html, IReadOnlyList<IdentityPosture> identities)
    {
        SectionStart(html, "identities", "Identities",
            "Each principal of the identities file: its credentials (ids only) and their last use, its policies and their lint findings, its calls in the period (PCI DSS 10.2.1.2, 10.2.1.5; SOC 2 CC6.1).");
        html.Table(identities,
            ("Identity", false, (w, i) => w.Element("div", i.Name).Code(i.Arn)),
            ("Review", false, (w, i) => w.Badge(i.Status)),
            ("Policies", false, (w, i) => w.Text(string.Join(", ", i.Policies.Select(p => $"{p.Source} ({p.Findings.Count} {(p.Findings.Count == 1 ? "finding" : "findings")})")))),
            ("Wildcard write", false, (w, i) => w.Text(i.WildcardWrite ? "yes" : "no")),
            ("Last used", false, (w, i) => w.Text(Time(i.LastUsed))),
            ("Calls", true, (w, i) => w.Text(Count(i.CallsInPeriod))),
            ("Denied", true, (w, i) => w.Text(Count(i.DeniedInPeriod))));
        html.Element("h3", "Credentials").Table(identities.SelectMany(i => i.Credentials.Select(c => (Identity: i.Name, Credential: c))),
            ("Identity", false, (w, c) => w.Text(c.Identity)),
            ("Kind", false, (w, c) => w.Text(c.Credential.Kind)),
            ("Id", false, (w, c) => w.Code(c.Credential.Id).Text(c.Credential.Issuer is { } issuer ? $" of {issuer}" : string.Empty)),
            ("Last successful use", false, (w, c) => w.Text(Time(c.Credential.LastUsed))),
            ("In period", false, (w, c) => _ = c.Credential.Unused ? w.Element("span", "unused", "badge warn") : w.Element("span", "used", "badge pass")));
        foreach (var identity in identities.Where(i => i.Policies.Any(p => p.Findings.Count > 0)))
        {
            html.Open("h3").Text("Policy findings of ").Code(identity.Name).Close("h3");
            Findings(html, [.. identity.Policies.SelectMany(p => p.Findings)]);
        }

        html.Close("section");
    }

    private static void GatewaySection(HtmlWriter html, GatewayPosture gateway)
    {
        SectionStart(html, "gateway", "Guardrails and listeners",
            "What every call passes through before any policy allows it: listeners and TLS versions, client certificates, JWT issuers, guardrail policies.");
        html.Open("div", "kv");
        Pair(html, "TLS only", w => w.Badge(gateway.TlsOnly ? CheckStatus.Pass : CheckStatus.Fail).Text(gateway.TlsOnly ? " yes" : " no: plain HTTP can reach the gateway"));
        Pair(html, "TLS-only evidence", w =>
        {
            w.Open("ul", "plain small");
            foreach (var evidence in gateway.TlsOnlyEvidence)
            {
                w.Element("li", evidence);
            }

            w.Close("ul");
        });
        Pair(html, "Listeners", w => w.Text(gateway.Listeners.Count == 0 ? "Kestrel defaults (none configured)" : string.Join(", ", gateway.Listeners.Select(l => l.Url))));
        Pair(html, "TLS versions accepted", w => w.Text(string.Join(", ", gateway.TlsProtocols)));
        Pair(html, "Client certificates", w => w.Text(gateway.ClientCertificateMode + (gateway.ClientCertificateCaBundle is { } ca ? $", CA bundle {ca}" : string.Empty)));
        Pair(html, "SigV4 clock skew", w => w.Text($"{gateway.MaxClockSkewSeconds} s"));
        Pair(html, "Database owner role", w => w.Text(gateway.OwnerRoleAllowed ? "allowed (development only: the gateway could rewrite the log)" : "refused: the gateway's role can only append"));
        Pair(html, "Required tags (SQS.2)", w => w.Text(gateway.RequiredTags.Count == 0 ? "none configured (any tag passes)" : string.Join(", ", gateway.RequiredTags)));
        html.Close("div");
        html.Element("h3", "JWT issuers").Table(gateway.JwtIssuers,
            ("Issuer", false, (w, i) => w.Code(i.Issuer)),
            ("Audiences", false, (w, i) => w.Text(string.Join(", ", i.Audiences))),
            ("Algorithms", false, (w, i) => w.Text(string.Join(", ", i.Algorithms))));
        html.Element("h3", "Guardrail policies").Table(gateway.Guardrails,
            ("Guardrail", false, (w, g) => w.Code(g.Source)),
            ("Statements", true, (w, g) => w.Text(Count(g.Statements))),
            ("Findings", false, (w, g) => w.Text(g.Findings.Count == 0 ? "none" : string.Join(", ", g.Findings.Select(f => f.Code)))));
        html.Close("section");
    }

    private static void Findings(HtmlWriter html, IReadOnlyList<FindingView> findings)
    {
        if (findings.Count == 0)
        {
            return;
        }

        html.Table(findings,
            ("Type", false, (w, f) => w.Element("span", f.Type, "badge " + (f.Type is "ERROR" or "SECURITY_WARNING" ? CheckStatus.Fail : f.Type == "WARNING" ? CheckStatus.Warn : CheckStatus.Info))),
            ("Code", false, (w, f) => w.Element("code", f.Code, "nowrap")),
            ("Where", false, (w, f) => w.Code(f.Path)),
            ("Finding", false, (w, f) => w.Text(f.Message)));
    }

    private static string AccessSummary(QueueAccessReview access) => !access.HasPolicy ? "no queue policy (owner account only)"
        : access.Grants.Count == 0 ? "no Allow grants"
        : string.Join(", ", access.Grants.GroupBy(g => g.Scope).OrderByDescending(g => g.Key).Select(g => $"{g.Count()} {ScopeName(g.Key)}"));

    private static string ScopeName(AccessScope scope) => scope switch
    {
        AccessScope.Public => "public",
        AccessScope.CrossAccount => "cross-account",
        AccessScope.Restricted => "restricted",
        AccessScope.Service => "service",
        _ => "own account",
    };

    private static string ScopeStatus(AccessScope scope) => scope switch
    {
        AccessScope.Public => CheckStatus.Fail,
        AccessScope.CrossAccount => CheckStatus.Warn,
        _ => CheckStatus.Pass,
    };
}
