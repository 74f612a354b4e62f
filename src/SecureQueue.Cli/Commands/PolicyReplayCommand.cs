using SecureQueue.Policies.Documents;
using System.Globalization;
using System.Text.Json;
using SecureQueue.Gateway;
using SecureQueue.Gateway.Authorization;
using SecureQueue.Gateway.Identity;
using SecureQueue.Sqs;
using SecureQueue.Log;
using SecureQueue.Log.Queues;

using SecureQueue.Log.Events;

namespace SecureQueue.Cli.Commands;

/// <summary>
/// <c>secq policy replay</c>: re-evaluates the calls audited in a time window against a proposed policy directory
/// and lists every call whose decision would change, with counts per principal and action. Exit 1 when any would.
/// </summary>
internal static class PolicyReplayCommand
{
    private static readonly HashSet<string> Flags = new(StringComparer.Ordinal) { "--json" };
    private static readonly HashSet<string> Options = new(StringComparer.Ordinal) { "--from", "--to", "--policies", "--identities", "--connection" };
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        if (PolicyArguments.Parse(args, Flags, Options, error) is not { } parsed)
        {
            return PolicyCommand.UsageError;
        }

        var connection = parsed.One("--connection") ?? Environment.GetEnvironmentVariable("ConnectionStrings__SecureQueue");
        var identitiesFile = parsed.One("--identities") ?? Environment.GetEnvironmentVariable("SecureQueue__IdentitiesFile");
        if (connection is null || identitiesFile is null)
        {
            return PolicyCommand.Fail(error, "replay needs --connection (or ConnectionStrings__SecureQueue) and --identities (or SecureQueue__IdentitiesFile)");
        }

        var to = Time(parsed.One("--to")) ?? DateTimeOffset.UtcNow;
        var from = Time(parsed.One("--from")) ?? to.AddDays(-1);
        var proposed = Path.GetFullPath(parsed.One("--policies") ?? "policies");
        var options = new GatewayOptions
        {
            AccountId = Environment.GetEnvironmentVariable("SecureQueue__AccountId") ?? "000000000000",
            Region = Environment.GetEnvironmentVariable("SecureQueue__Region") ?? "us-east-1",
            IdentitiesFile = identitiesFile,
            PoliciesDirectory = proposed,
        };
        var identities = IdentityStore.Load(options, Directory.GetCurrentDirectory());
        var guardrails = Guardrails.Load(Directory.Exists(Path.Combine(proposed, "guardrails")) ? Path.Combine(proposed, "guardrails") : null, proposed);
        var authorizer = new Authorizer(options, new QueuePolicies(), guardrails);

        await using var storage = OfflineStorage.Open(connection);
        var replay = new PolicyReplay(identities, authorizer, new SqsActions(), name => ProposedQueueAsync(storage.Queues, options.AccountId, name, proposed), route => ProposedRoutePolicy(proposed, route));
        var report = await replay.RunAsync(storage.Audit.DecidedCallsAsync(from, to));
        if (parsed.Has("--json"))
        {
            WriteJson(output, report, from, to);
        }
        else
        {
            WriteText(output, report, from, to);
        }

        return report.Changes.Count == 0 ? PolicyCommand.Ok : PolicyCommand.Findings;
    }

    /// <summary>
    /// A front door route's proposed resource policy, <c>routes/ROUTE.json</c> (the gateway's route configuration names its
    /// file; the replay reads this one); none when there is no such file. An invalid one stops the replay.
    /// </summary>
    private static PolicyDocument? ProposedRoutePolicy(string proposed, string routeId)
    {
        var file = Path.Combine(proposed, "routes", routeId + ".json");
        if (!File.Exists(file))
        {
            return null;
        }

        var result = PolicyDocument.Parse(File.ReadAllText(file), file, PolicyKind.Resource);
        return result.Document ?? throw new InvalidOperationException($"{file} is invalid: {string.Join("; ", result.Errors.Take(3).Select(e => $"line {e.Line}, column {e.Column}: {e.Code}"))}");
    }

    /// <summary>The queue as it is now, with its policy replaced by <c>queues/NAME.json</c> when the proposal has one.</summary>
    private static async Task<QueueRecord?> ProposedQueueAsync(QueueDirectory queues, string account, string name, string proposed)
    {
        var queue = await queues.FindAsync(account, name, CancellationToken.None);
        var file = Path.Combine(proposed, "queues", name + ".json");
        if (queue is null || !File.Exists(file))
        {
            return queue;
        }

        var attributes = new Dictionary<string, string>(queue.Attributes, StringComparer.Ordinal) { ["Policy"] = File.ReadAllText(file) };
        return queue with { Attributes = attributes };
    }

    private static void WriteText(TextWriter output, ReplayReport report, DateTimeOffset from, DateTimeOffset to)
    {
        output.WriteLine($"Replayed {report.Replayed} calls recorded from {from:u} to {to:u}: {report.Changes.Count} would change.");
        foreach (var change in report.Changes)
        {
            var kind = change.ProposedDecision == "Allowed" ? "NEWLY ALLOWED" : "NEWLY DENIED ";
            output.WriteLine($"{kind}  {change.Call.Label} {change.Call.RecordedAt:u}  {Shown(change.Call.PrincipalArn)}  {Shown(PolicyReplay.IamAction(change.Call))}  {Shown(change.Call.ResourceArn ?? "*")}  ({change.Call.Decision} -> {change.ProposedDecision})");
        }

        foreach (var group in Groups(report))
        {
            output.WriteLine($"  {Shown(group.Principal)}  {Shown(group.IamAction)}: {group.NewlyDenied} newly denied, {group.NewlyAllowed} newly allowed");
        }

        foreach (var (reason, count) in report.Skipped)
        {
            output.WriteLine($"skipped {count}: {Shown(reason)}");
        }
    }

    /// <summary>Audited text as a terminal may show it: rows written before it was escaped at the source may hold newlines or ANSI escapes.</summary>
    private static string? Shown(string? text) => AuditText.ForDisplay(text);

    private static void WriteJson(TextWriter output, ReplayReport report, DateTimeOffset from, DateTimeOffset to)
    {
        var document = new
        {
            from,
            to,
            replayed = report.Replayed,
            changes = report.Changes.Select(c => new
            {
                position = c.Call.Position,
                sequence = c.Call.Sequence,
                time = c.Call.RecordedAt,
                principal = c.Call.PrincipalArn,
                action = PolicyReplay.IamAction(c.Call),
                resource = c.Call.ResourceArn ?? "*",
                recorded = c.Call.Decision,
                proposed = c.ProposedDecision,
            }),
            byPrincipalAndAction = Groups(report),
            skipped = report.Skipped,
        };
        output.WriteLine(JsonSerializer.Serialize(document, Indented));
    }

    private static IEnumerable<ReplayGroup> Groups(ReplayReport report) => report.Changes
        .GroupBy(c => (c.Call.PrincipalArn, c.Call.Action, IamAction: PolicyReplay.IamAction(c.Call)))
        .Select(g => new ReplayGroup(g.Key.PrincipalArn ?? "", g.Key.Action, g.Count(c => c.ProposedDecision != "Allowed"), g.Count(c => c.ProposedDecision == "Allowed")) { IamAction = g.Key.IamAction });

    private static DateTimeOffset? Time(string? value) =>
        value is null ? null : DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private sealed record ReplayGroup(string Principal, string Action, int NewlyDenied, int NewlyAllowed)
    {
        [System.Text.Json.Serialization.JsonIgnore]
        public string IamAction { get; init; } = Action;
    }
}
