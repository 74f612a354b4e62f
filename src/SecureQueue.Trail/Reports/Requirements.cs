using System.Globalization;
using SecureQueue.Log.Audit;

namespace SecureQueue.Trail.Reports;

/// <summary>
/// The PCI DSS v4.0.1 requirement 10 and SOC 2 rows (reference front-door-and-compliance B.5): which evidence in this report
/// answers each, and what the operator must provide. A row whose evidence shows a problem says so (<c>fail</c>).
/// </summary>
internal static class Requirements
{
    public const string Pci = "PCI DSS v4.0.1";
    public const string Soc2 = "SOC 2 (2017 TSC)";
    public const string Evidence = "evidence";
    public const string Partial = "partial";
    public const string Operator = "operator";
    public const string Fail = "fail";

    /// <summary>PCI DSS 10.5.1: twelve months of history, three of them immediately available.</summary>
    public const int RetentionDays = 365;
    public const int OnlineDays = 90;

    public static IReadOnlyList<RequirementRow> For(AuditIntegrity integrity, AuditCoverage coverage, IReadOnlyList<QueuePosture> queues, IReadOnlyList<IdentityPosture> identities, GatewayPosture gateway)
    {
        var category = coverage.Categories.ToDictionary(c => c.Requirement, c => c.Count, StringComparer.Ordinal);
        var invalid = coverage.ByOutcome[CallOutcomes.Denied] + coverage.ByOutcome[CallOutcomes.Unauthenticated];
        var verified = integrity.Intact ? "verify: intact" : $"verify: TAMPERED at position {integrity.Findings[0].Position} ({integrity.Findings[0].Kind})";
        var intactOr = (string status) => integrity.Intact ? status : Fail;
        var retained = integrity.RetainedDays.ToString("F0", CultureInfo.InvariantCulture);
        return
        [
            new(Pci, "10.2.1", "Audit logs are enabled and active for all system components", intactOr(Evidence),
                $"Every call, allowed, denied or failed, is one event; the log cannot be switched off. {Count(coverage.Calls)} calls in the period; {verified}.", "—"),
            new(Pci, "10.2.1.1", "All individual user access to cardholder data is logged", Partial,
                $"{Count(category["10.2.1.1"])} data-plane calls (send, receive, delete, visibility) by principal in the period.", "Which queues hold cardholder data."),
            new(Pci, "10.2.1.2", "All actions by anyone with administrative access are logged", Partial,
                $"{Count(category["10.2.1.2"])} administrative calls (queue, attribute, permission, tag and key changes) in the period.",
                "Administrative access outside the gateway: database, hosts, the identities file and policies/ in version control."),
            new(Pci, "10.2.1.3", "All access to audit logs is logged", Partial,
                $"{Count(category["10.2.1.3"])} calls to the audit API (LookupEvents, exports) in the period.",
                "Database-level read access to the log (PostgreSQL logging of the reporting roles)."),
            new(Pci, "10.2.1.4", "All invalid logical access attempts are logged", Evidence,
                $"{Count(invalid)} invalid attempts: {Count(coverage.ByOutcome[CallOutcomes.Denied])} denied, {Count(coverage.ByOutcome[CallOutcomes.Unauthenticated])} failed authentications (by source address below).", "—"),
            new(Pci, "10.2.1.5", "All changes to identification and authentication credentials are logged", Partial,
                $"Inventory of {Count(identities.Count)} {(identities.Count == 1 ? "identity" : "identities")} with their credentials, policies and last use.",
                "Change history of the identities file and policies/ (reviewed commits); JWT issuer and CA bundle changes."),
            new(Pci, "10.2.1.6", "Initialization, stopping or pausing of audit logs is logged", Partial,
                integrity.LastCheckpoint is { } last ? $"Signed checkpoints at start-up, periodically and at shutdown; newest at position {last.Position}." : "No signed checkpoint yet.",
                "Process supervisor records of gateway starts and stops."),
            new(Pci, "10.2.1.7", "Creation and deletion of system-level objects is logged", Evidence,
                $"{Count(category["10.2.1.7"])} CreateQueue/DeleteQueue calls in the period.", "—"),
            new(Pci, "10.2.2", "Each event records user, type, date and time, success or failure, origin, and affected resource", Evidence,
                "Each event holds principal and access key, action, time, error code (absent on success) and decision, source IP, user agent and TLS details, and the resource ARN.", "—"),
            new(Pci, "10.3.1", "Read access to audit logs is limited to a job-related need", Operator,
                "The gateway's database role can only append; audit API calls are authorized by the same IAM policies.", "Database roles and grants that can read the log, and who holds them."),
            new(Pci, "10.3.2", "Audit log files are protected from modification by individuals", intactOr(Evidence),
                $"Append-only tables (triggers refuse UPDATE, DELETE, TRUNCATE); hash chain over every stored field; {verified}.", "Who holds the database owner role."),
            new(Pci, "10.3.3", "Audit logs are promptly backed up to a secure, central log server or hard-to-modify media", Operator,
                $"Checkpoints are also appended to a file outside the database ({(integrity.CheckpointFileChecked ? "checked in this run" : "not checked in this run")}).",
                "Scheduled exports to WORM storage or a SIEM, and their monitoring."),
            new(Pci, "10.3.4", "File integrity monitoring or change detection on audit logs", intactOr(Evidence),
                $"{verified}: {Count(integrity.EventsVerified)} events recomputed, {integrity.CheckpointLinksChecked} signed checkpoint links checked; {Count(integrity.Unsealed)} events not sealed yet.",
                "An alert on a failed scheduled `secq audit verify`."),
            new(Pci, "10.5.1", "Audit log history is retained for at least 12 months, 3 months immediately available", integrity.RetainedDays >= RetentionDays ? Evidence : Partial,
                $"The log holds {retained} days of events online (oldest {Date(integrity.FirstEventAt)}).",
                integrity.RetainedDays >= RetentionDays ? "—" : $"Archives covering {RetentionDays} days, or the log once it spans them; at least {OnlineDays} days online."),
            new(Pci, "10.7.2", "Failures of critical security control systems are detected, alerted and addressed promptly", Partial,
                $"Calls fail closed when the log cannot be written; sealing lag p99 {Seconds(integrity.SealingLagP99Seconds)}; newest checkpoint {Age(integrity.LastCheckpoint?.AgeSeconds)} old.",
                "Alerting on gateway health, sealing lag and verify failures, and the record of how each failure was addressed."),
            new(Soc2, "CC6.1", "Logical access security over protected information assets", queues.Any(q => q.Status == CheckStatus.Fail) ? Fail : Partial,
                $"{queues.Count} queues encrypted and reviewed for public access; {identities.Count} identities with policies and findings; TLS only: {(gateway.TlsOnly ? "yes" : "no")}; {gateway.Guardrails.Count} guardrails.",
                "Asset inventory, periodic access reviews and their sign-off, credential issuance and revocation."),
            new(Soc2, "CC7.2", "System components are monitored for anomalies indicative of malicious acts", Partial,
                $"{Count(invalid)} denied or unauthenticated calls by principal and source address; audit integrity verified.",
                "Evidence that these reports are reviewed and anomalies triaged (CC7.3)."),
        ];
    }

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Date(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "none";

    private static string Seconds(double? value) => value is { } seconds ? $"{seconds.ToString("F2", CultureInfo.InvariantCulture)} s" : "n/a";

    private static string Age(double? seconds) => seconds is not { } value ? "n/a"
        : value < 120 ? $"{value.ToString("F0", CultureInfo.InvariantCulture)} s"
        : value < 7200 ? $"{(value / 60).ToString("F0", CultureInfo.InvariantCulture)} min"
        : $"{(value / 3600).ToString("F1", CultureInfo.InvariantCulture)} h";
}
