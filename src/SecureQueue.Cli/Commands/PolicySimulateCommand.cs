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
    private static readonly HashSet<string> Flags = ["--json", "--no-guardrails"];

    private static readonly HashSet<string> Options =
        ["--principal", "--action", "--resource", "--identity-policy", "--queue-policy", "--guardrails", "--context"];

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        if (PolicyArguments.Parse(args, Flags, Options, error) is not { } arguments)
        {
            return PolicyCommand.UsageError;
        }

        var principal = arguments.One("--principal");
        var action = arguments.One("--action");
        var resource = arguments.One("--resource");
        if (arguments.Paths.Count > 0 || principal is null || action is null || resource is null)
        {
            return PolicyCommand.Fail(error, arguments.Paths.Count > 0
                ? $"simulate takes no paths ('{arguments.Paths[0]}'); name files with --identity-policy, --queue-policy and --guardrails"
                : "simulate needs --principal, --action and --resource");
        }

        if (!TryContext(arguments.All("--context"), error, out var context))
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
    private static List<PolicyDocument> Guardrails(PolicyArguments arguments, PolicyLoader loader, List<string> problems)
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
    private static bool TryContext(IReadOnlyList<string> entries, TextWriter error, out RequestContext context)
    {
        context = RequestContext.Empty;
        var values = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        var order = new List<string>();
        foreach (var entry in entries)
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            var key = equals < 0 ? "" : entry[..equals];
            if (key.Length == 0 || !key.Contains(':', StringComparison.Ordinal))
            {
                PolicyCommand.Fail(error, $"--context needs key=value with a key such as aws:SourceIp, not '{entry}'");
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
