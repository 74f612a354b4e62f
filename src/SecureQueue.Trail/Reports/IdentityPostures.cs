using SecureQueue.Gateway.Identity;
using SecureQueue.Log.Audit;
using SecureQueue.Policies.Documents;
using SecureQueue.Policies.Linting;

namespace SecureQueue.Trail.Reports;

/// <summary>
/// Reviews each identity: its policies' lint findings (wildcard write access among them), when it and each credential were
/// last used, and which credentials went unused in the period (PCI DSS 10.2.1.2/10.2.1.5 evidence, SOC 2 CC6.1).
/// </summary>
internal static class IdentityPostures
{
    /// <param name="textOf">The text a policy document was compiled from (its file), so findings point into it.</param>
    public static IReadOnlyList<IdentityPosture> Evaluate(
        IReadOnlyList<IdentityListing> identities, Func<PolicyDocument, string> textOf, IReadOnlyList<LastUse> lastUses, IReadOnlyList<CallGroup> period, ReportPeriod window)
    {
        var principals = lastUses.Where(u => u.Kind == LastUse.Principal).ToDictionary(u => u.Id, u => u.At, StringComparer.Ordinal);
        var keys = lastUses.Where(u => u.Kind == LastUse.AccessKey).ToDictionary(u => u.Id, u => u.At, StringComparer.Ordinal);
        return [.. identities.Select(listing =>
        {
            var identity = listing.Identity;
            var policies = identity.Policies.Select(p => Policy(p, textOf(p))).ToList();
            var lastUsed = principals.TryGetValue(identity.PrincipalArn, out var at) ? at : (DateTimeOffset?)null;
            var credentials = listing.Credentials.Select(c =>
            {
                var used = c.Kind == IdentityCredential.AccessKey ? (keys.TryGetValue(c.Id, out var keyAt) ? keyAt : null) : lastUsed;
                return new CredentialView(c.Kind, c.Id, c.Issuer, used, used is null || used < window.From);
            }).ToList();
            var findings = policies.SelectMany(p => p.Findings).ToList();
            var wildcardWrite = findings.Any(f => f.Code == LintCodes.WildcardWriteAction);
            var mine = period.Where(g => g.PrincipalArn == identity.PrincipalArn).ToList();
            var status = findings.Any(f => f.Type is "ERROR" or "SECURITY_WARNING") ? CheckStatus.Fail
                : wildcardWrite || credentials.Any(c => c.Unused) || findings.Any(f => f.Type == "WARNING") ? CheckStatus.Warn
                : CheckStatus.Pass;
            return new IdentityPosture(identity.Name, identity.PrincipalArn, status, credentials, policies, wildcardWrite, lastUsed,
                mine.Sum(g => g.Count), mine.Where(g => g.Outcome == CallOutcomes.Denied).Sum(g => g.Count));
        })];
    }

    /// <summary>A policy by its source, with its statement count and every lint finding.</summary>
    public static PolicyView Policy(PolicyDocument document, string json) =>
        new(document.Source, document.Size.Statements, [.. PolicyLinter.Lint(document, json).Findings.Select(QueuePostures.Finding)]);
}
