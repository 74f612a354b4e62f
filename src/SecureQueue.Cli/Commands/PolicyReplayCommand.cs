using System.CommandLine;
using SecureQueue.Policies.Documents;
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
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create() => new Command("replay", "Re-evaluate audited calls (default: the last 24 h) against proposed policies; list every decision that would change (exit 1).")
    {
        Declare.Value("--from", "T", "the first call's time, ISO 8601 (default: 24 h before --to)"),
        Declare.Value("--to", "T", "the end of the window (default: now)"),
        Declare.Value("--policies", "DIR", "the proposed policies (default: policies/)"),
        Declare.Value("--identities", "FILE", "the identities file (default: SecureQueue__IdentitiesFile)"),
        AuditCommand.Connection(),
        PolicyCommand.Json(),
    }.WithAction(RunAsync);

    private static async Task<int> RunAsync(CommandOptions parsed)
    {
        var (output, error) = (parsed.Output, parsed.Error);
        var connection = parsed.One("--connection") ?? Environment.GetEnvironmentVariable("ConnectionStrings__SecureQueue");
        var identitiesFile = parsed.One("--identities") ?? Environment.GetEnvironmentVariable("SecureQueue__IdentitiesFile");
        if (connection is null || identitiesFile is null)
        {
            return parsed.Fail("replay needs --connection (or ConnectionStrings__SecureQueue) and --identities (or SecureQueue__IdentitiesFile)");
        }

        if (!AuditExportCommand.TryTime(parsed, "--from", out var fromTime) || !AuditExportCommand.TryTime(parsed, "--to", out var toTime))
        {
            return PolicyCommand.UsageError;
        }

        var to = toTime ?? DateTimeOffset.UtcNow;
        var from = fromTime ?? to.AddDays(-1);
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
        var authorizer = new Authorizer(options, new QueuePolicies(), new GuardrailSource(guardrails));

        await using var storage = OfflineStorage.Open(connection);
        var replay = new PolicyReplay(
            identities, authorizer, new SqsActions(), (region, name) => ProposedQueueAsync(storage.Queues, new QueueKey(options.AccountId, region, name), proposed),
            route => ProposedRoutePolicy(proposed, route));
        var report = await TerminalProgress.RunAsync(error, "replayed calls", progress => replay.RunAsync(Counted(storage.Audit.DecidedCallsAsync(from, to), progress)));
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

    /// <summary>Passes the calls on, reporting how many have been read (the total is unknown until the window is read).</summary>
    private static async IAsyncEnumerable<T> Counted<T>(IAsyncEnumerable<T> items, TerminalProgress.Reporter? progress)
    {
        var count = 0L;
        await foreach (var item in items)
        {
            yield return item;
            progress?.Report(++count);
        }
    }

    /// <summary>The queue as it is now, with its policy replaced by <c>queues/NAME.json</c> when the proposal has one.</summary>
    private static async Task<QueueRecord?> ProposedQueueAsync(QueueDirectory queues, QueueKey key, string proposed)
    {
        var queue = await queues.FindAsync(key, CancellationToken.None);
        var file = Path.Combine(proposed, "queues", key.Name + ".json");
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

    private sealed record ReplayGroup(string Principal, string Action, int NewlyDenied, int NewlyAllowed)
    {
        [System.Text.Json.Serialization.JsonIgnore]
        public string IamAction { get; init; } = Action;
    }
}
