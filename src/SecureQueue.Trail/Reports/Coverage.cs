using SecureQueue.Log.Audit;

namespace SecureQueue.Trail.Reports;

/// <summary>Turns the period's call groups into the coverage section: totals, per action, per day, denials, failed authentications.</summary>
internal static class Coverage
{
    private const int Listed = 10;

    /// <summary>Actions that read or change queue data: each is individual access to what a queue holds (PCI DSS 10.2.1.1).</summary>
    private static readonly HashSet<string> DataActions = new(StringComparer.Ordinal)
    {
        "SendMessage", "SendMessageBatch", "ReceiveMessage", "DeleteMessage", "DeleteMessageBatch", "ChangeMessageVisibility",
        "ChangeMessageVisibilityBatch", "PurgeQueue",
    };

    /// <summary>Actions that change queues, their access or the keys (PCI DSS 10.2.1.2).</summary>
    private static readonly HashSet<string> AdminActions = new(StringComparer.Ordinal)
    {
        "CreateQueue", "DeleteQueue", "SetQueueAttributes", "AddPermission", "RemovePermission", "TagQueue", "UntagQueue", "PurgeQueue",
        "RotateKeys", "CreateDataKey", "RetentionSweep", "PurgeSweep", "ReloadIdentities", "ReloadGuardrails", "ReloadJwtKeys",
    };

    private static readonly HashSet<string> ObjectActions = new(StringComparer.Ordinal) { "CreateQueue", "DeleteQueue" };

    public static AuditCoverage From(IReadOnlyList<CallGroup> groups)
    {
        var actions = groups.GroupBy(g => g.Action, StringComparer.Ordinal)
            .Select(a => new ActionCount(a.Key, a.Sum(g => g.Count), Sum(a, CallOutcomes.Success), Sum(a, CallOutcomes.Denied),
                Sum(a, CallOutcomes.Unauthenticated), Sum(a, CallOutcomes.Failed)))
            .OrderByDescending(a => a.Total).ThenBy(a => a.Action, StringComparer.Ordinal).ToList();
        var days = groups.GroupBy(g => g.Day)
            .Select(d => new DayCount(d.Key, Sum(d, CallOutcomes.Success), Sum(d, CallOutcomes.Denied), Sum(d, CallOutcomes.Unauthenticated), Sum(d, CallOutcomes.Failed)))
            .OrderBy(d => d.Day).ToList();
        var denied = groups.Where(g => g.Outcome == CallOutcomes.Denied)
            .GroupBy(g => g.PrincipalArn ?? "(none)", StringComparer.Ordinal)
            .Select(p => new PrincipalCount(p.Key, p.Sum(g => g.Count), Top(p, g => g.Action)))
            .OrderByDescending(p => p.Count).ThenBy(p => p.Principal, StringComparer.Ordinal).ToList();
        var failures = groups.Where(g => g.Outcome == CallOutcomes.Unauthenticated)
            .GroupBy(g => (SourceIp: g.SourceIp ?? "unknown", ErrorCode: g.ErrorCode ?? "unknown"))
            .Select(f => new AuthenticationFailureCount(f.Key.SourceIp, f.Key.ErrorCode, f.Sum(g => g.Count),
                [.. f.Select(g => g.AccessKeyId).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Take(Listed)]))
            .OrderByDescending(f => f.Count).ThenBy(f => f.SourceIp, StringComparer.Ordinal).ToList();
        var tls = groups.GroupBy(g => g.TlsVersion ?? "none (plain HTTP or local tool)", StringComparer.Ordinal)
            .Select(t => new NamedCount(t.Key, t.Sum(g => g.Count))).OrderByDescending(t => t.Count).ToList();
        return new AuditCoverage(
            groups.Sum(g => g.Count),
            CallOutcomes.All.ToDictionary(o => o, o => groups.Where(g => g.Outcome == o).Sum(g => g.Count), StringComparer.Ordinal),
            actions, days, denied, failures, tls, Categories(groups));
    }

    private static List<CategoryCount> Categories(IReadOnlyList<CallGroup> groups) =>
    [
        Category(groups, "10.2.1.1", "Individual access to queue data", g => DataActions.Contains(g.Action)),
        Category(groups, "10.2.1.2", "Administrative actions", g => AdminActions.Contains(g.Action)),
        Category(groups, "10.2.1.3", "Access to the audit log", g => g.Action is "LookupEvents" || g.Action.StartsWith("Export", StringComparison.Ordinal)),
        Category(groups, "10.2.1.4", "Invalid logical access attempts", g => g.Outcome is CallOutcomes.Denied or CallOutcomes.Unauthenticated),
        Category(groups, "10.2.1.7", "Creation and deletion of system-level objects", g => ObjectActions.Contains(g.Action)),
    ];

    private static CategoryCount Category(IReadOnlyList<CallGroup> groups, string requirement, string name, Func<CallGroup, bool> member)
    {
        var matching = groups.Where(member).ToList();
        return new CategoryCount(requirement, name, matching.Sum(g => g.Count), Top(matching, g => g.Action));
    }

    private static long Sum(IEnumerable<CallGroup> groups, string outcome) => groups.Where(g => g.Outcome == outcome).Sum(g => g.Count);

    private static List<string> Top(IEnumerable<CallGroup> groups, Func<CallGroup, string> key) =>
        [.. groups.GroupBy(key, StringComparer.Ordinal).OrderByDescending(k => k.Sum(g => g.Count)).ThenBy(k => k.Key, StringComparer.Ordinal).Take(Listed).Select(k => k.Key)];
}
