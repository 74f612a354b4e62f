using System.CommandLine;
using SecureQueue.Policies.Cases;
using SecureQueue.Policies.Documents;
using SecureQueue.Policies.Evaluation;

namespace SecureQueue.Cli.Commands;

/// <summary>
/// <c>secq policy simulate</c>: one request against the policies given, with the IAM simulator's explanation. Exit 0 when
/// allowed and 1 when denied, so a script can assert a decision; 2 when the request or a policy file is unusable.
/// </summary>
internal static class PolicySimulateCommand
{
    public static Command Create() => new Command("simulate", "Evaluate one request against the policies given and explain the decision; exit 1 when denied.")
    {
        Declare.Value("--principal", "ARN", "the calling principal"),
        Declare.Value("--action", "sqs:ACTION", "the action, such as sqs:SendMessage"),
        Declare.Value("--resource", "ARN", "the queue ARN"),
        Declare.Repeated("--identity-policy", "FILE", "an identity policy of the principal; repeat for several"),
        Declare.Value("--queue-policy", "FILE", "the queue's resource policy"),
        Declare.Value("--guardrails", "DIR", "guardrail policies (default: policies/guardrails when present)"),
        Declare.Flag("--no-guardrails", "evaluate without guardrails"),
        Declare.Repeated("--context", "KEY=VALUE", "a condition key such as aws:SourceIp=10.0.0.1; repeat a key for a multivalued key"),
        PolicyCommand.Json(),
    }.WithAction(options => PolicyCommand.Guarded(options, Run));

    private static int Run(CommandOptions arguments)
    {
        var (output, error) = (arguments.Output, arguments.Error);
        var principal = arguments.One("--principal");
        var action = arguments.One("--action");
        var resource = arguments.One("--resource");
        if (principal is null || action is null || resource is null)
        {
            return arguments.Fail("simulate needs --principal, --action and --resource");
        }

        if (!TryContext(arguments, out var context))
        {
            return PolicyCommand.UsageError;
        }

        var loader = new PolicyLoader();
        var problems = new List<string>();
        var identity = arguments.All("--identity-policy").Select(p => loader.Load(p, PolicyKind.Identity, problems)).OfType<PolicyDocument>().ToList();
        var queue = arguments.One("--queue-policy") is { } q ? loader.Load(q, PolicyKind.Resource, problems) : null;
        var guardrails = Guardrails(arguments, loader, problems);
        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                error.WriteLine(problem);
            }

            return PolicyCommand.UsageError;
        }

        var request = PolicySimulation.Request(principal, action, resource, context);
        var simulation = PolicySimulation.Run(request, guardrails, identity, queue);
        if (arguments.Has("--json"))
        {
            PolicyJsonOutput.Write(output, json =>
            {
                json.WriteStartObject();
                json.WriteStartArray("EvaluationResults");
                PolicyExplanation.WriteJson(json, simulation);
                json.WriteEndArray();
                json.WriteEndObject();
            });
        }
        else
        {
            output.WriteLine($"EvalActionName: {action}");
            output.WriteLine($"EvalResourceName: {resource}");
            output.WriteLine($"Principal: {principal}");
            output.WriteLine($"Guardrails: {(guardrails.Count == 0 ? "none" : string.Join(", ", guardrails.Select(g => g.Source)))}");
            PolicyExplanation.WriteText(output, simulation, "");
        }

        return simulation.Decision.IsAllowed ? PolicyCommand.Ok : PolicyCommand.Findings;
    }

    // Without --guardrails, the repository's policies/guardrails apply when present: simulating without the guardrails
    // every call is subject to would report allows the gateway never gives.
    private static List<PolicyDocument> Guardrails(CommandOptions arguments, PolicyLoader loader, List<string> problems)
    {
        if (arguments.Has("--no-guardrails"))
        {
            return [];
        }

        var named = arguments.One("--guardrails");
        var path = named ?? Path.Combine(PolicyFiles.DefaultDirectory, "guardrails");
        return named is not null || Directory.Exists(path) ? loader.LoadGuardrails(path, problems) : [];
    }

    /// <summary>Reads <c>--context key=value</c>; a key given more than once becomes a multivalued key, as aws:TagKeys needs.</summary>
    private static bool TryContext(CommandOptions arguments, out RequestContext context)
    {
        var entries = arguments.All("--context");
        context = RequestContext.Empty;
        var values = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        var order = new List<string>();
        foreach (var entry in entries)
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            var key = equals < 0 ? "" : entry[..equals];
            if (key.Length == 0 || !key.Contains(':', StringComparison.Ordinal))
            {
                arguments.Fail($"--context needs key=value with a key such as aws:SourceIp, not '{entry}'");
                return false;
            }

            if (!values.TryGetValue(key, out var list))
            {
                values[key] = list = [];
                order.Add(key);
            }

            list.Add(entry[(equals + 1)..]);
        }

        context = new RequestContext(order.Select(k => new KeyValuePair<string, IReadOnlyList<string>>(k, values[k])));
        return true;
    }
}
