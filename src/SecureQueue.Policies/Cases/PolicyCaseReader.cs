using SecureQueue.Policies.Documents;
using SecureQueue.Policies.Evaluation;
using SecureQueue.Policies.Linting;

namespace SecureQueue.Policies.Cases;

/// <summary>Reads one case object, reporting every problem in it.</summary>
internal sealed class PolicyCaseReader(JsonNode node, string path, ParseErrorSink errors)
{
    private static readonly HashSet<string> Fields = new(StringComparer.Ordinal)
    {
        "name", "description", "principal", "action", "resource", "context",
        "identityPolicies", "queuePolicy", "guardrails", "expect", "expectMatchedSid",
    };

    private readonly Dictionary<string, JsonMember> members = new(StringComparer.Ordinal);

    /// <summary>The case's name once <see cref="Read"/> has run, even when the case has other errors.</summary>
    public string? Name { get; private set; }

    public PolicyCase? Read()
    {
        if (node.Kind != JsonKind.Object)
        {
            errors.Add(PolicyCaseCodes.InvalidFieldType, $"A case must be an object, not {node.Describe()}.", node.Offset, path);
            return null;
        }

        var before = errors.Count;
        foreach (var member in node.Members)
        {
            if (Fields.Contains(member.Name))
            {
                members[member.Name] = member;
            }
            else
            {
                errors.Add(PolicyCaseCodes.UnknownField, $"\"{member.Name}\" is not a case field (names are case-sensitive).", member.NameOffset, $"{path}.{member.Name}");
            }
        }

        var name = Name = RequiredString("name");
        OptionalString("description");
        var principal = RequiredString("principal");
        var action = RequiredString("action");
        var resource = RequiredString("resource");
        var context = ReadContext();
        var identityPolicies = StringList("identityPolicies") ?? [];
        var queuePolicy = OptionalString("queuePolicy");
        var guardrails = StringList("guardrails");
        var expectText = RequiredString("expect");
        var expectedSid = OptionalString("expectMatchedSid");

        CheckAction(action);
        var expect = EvalDecisions.Parse(expectText);
        if (expectText is not null && expect is null)
        {
            errors.Add(PolicyCaseCodes.InvalidValue, $"expect must be \"{EvalDecisions.Allowed}\", \"{EvalDecisions.ExplicitDeny}\" or \"{EvalDecisions.ImplicitDeny}\", not \"{expectText}\".", members["expect"].Value.Offset, $"{path}.expect");
        }
        else if (expect == DecisionOutcome.ImplicitDeny && expectedSid is not null)
        {
            errors.Add(PolicyCaseCodes.ImpossibleExpectation, "expectMatchedSid cannot hold with implicitDeny: no statement matches an implicit deny.", members["expectMatchedSid"].Value.Offset, $"{path}.expectMatchedSid");
        }

        if (errors.Count != before || context is null)
        {
            return null;
        }

        return new PolicyCase(name!, principal!, action!, resource!, context, identityPolicies, queuePolicy, guardrails, expect!.Value, expectedSid);
    }

    // A request names one concrete action; a misspelt one would make every deny expectation pass.
    private void CheckAction(string? action)
    {
        if (action is null || KnownActions.All.Any(a => a.Name.Equals(action, StringComparison.OrdinalIgnoreCase)))
        {
            return;
        }

        var hint = KnownActions.Suggest(action);
        errors.Add(PolicyCaseCodes.UnknownAction, $"\"{action}\" is not an action the gateway authorizes{(hint is null ? "." : $"; {hint}")}", members["action"].Value.Offset, $"{path}.action");
    }

    private string? RequiredString(string field)
    {
        if (!members.ContainsKey(field))
        {
            errors.Add(PolicyCaseCodes.MissingField, $"The case has no \"{field}\".", node.Offset, path);
            return null;
        }

        return OptionalString(field);
    }

    private string? OptionalString(string field)
    {
        if (!members.TryGetValue(field, out var member))
        {
            return null;
        }

        if (member.Value.Kind != JsonKind.String)
        {
            errors.Add(PolicyCaseCodes.InvalidFieldType, $"\"{field}\" must be a string, not {member.Value.Describe()}.", member.Value.Offset, $"{path}.{field}");
            return null;
        }

        if (member.Value.Text!.Trim().Length == 0)
        {
            errors.Add(PolicyCaseCodes.MissingField, $"\"{field}\" must not be empty.", member.Value.Offset, $"{path}.{field}");
            return null;
        }

        return member.Value.Text;
    }

    private List<string>? StringList(string field)
    {
        if (!members.TryGetValue(field, out var member))
        {
            return null;
        }

        var values = JsonStrings.Read(member.Value, errors, $"{path}.{field}", field, emptyCode: null);
        foreach (var value in values ?? [])
        {
            if (value.Text.Trim().Length == 0)
            {
                errors.Add(PolicyCaseCodes.MissingField, $"An entry of \"{field}\" is empty.", value.Offset, value.Path);
            }
        }

        return values?.Select(v => v.Text).ToList();
    }

    private RequestContext? ReadContext()
    {
        if (!members.TryGetValue("context", out var member))
        {
            return RequestContext.Empty;
        }

        if (member.Value.Kind != JsonKind.Object)
        {
            errors.Add(PolicyCaseCodes.InvalidFieldType, $"\"context\" must be an object of condition keys, not {member.Value.Describe()}.", member.Value.Offset, $"{path}.context");
            return null;
        }

        var entries = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var valid = true;
        foreach (var entry in member.Value.Members)
        {
            var entryPath = $"{path}.context.{entry.Name}";
            var values = ContextValues(entry.Value, entryPath);
            if (entry.Name.Trim().Length == 0 || !entry.Name.Contains(':', StringComparison.Ordinal))
            {
                errors.Add(PolicyCaseCodes.InvalidValue, $"\"{entry.Name}\" is not a condition key of the form prefix:name.", entry.NameOffset, entryPath);
                valid = false;
            }
            else if (!seen.Add(entry.Name))
            {
                errors.Add(PolicyCaseCodes.DuplicateContextKey, $"Context key \"{entry.Name}\" repeats a key that differs only by case; keys are case-insensitive.", entry.NameOffset, entryPath);
                valid = false;
            }
            else if (values is null)
            {
                valid = false;
            }
            else
            {
                entries[entry.Name] = values;
            }
        }

        return valid ? new RequestContext(entries) : null;
    }

    // Strings, or numbers and booleans taken as their text (as IAM does), alone or in a non-empty array.
    private List<string>? ContextValues(JsonNode value, string valuePath)
    {
        if (IsScalar(value))
        {
            return [value.Text!];
        }

        if (value.Kind != JsonKind.Array || value.Items.Count == 0 || !value.Items.All(IsScalar))
        {
            var problem = value.Kind == JsonKind.Array && value.Items.Count == 0
                ? "must have at least one value; leave the key out to test its absence"
                : "must be a string, number or boolean, or a non-empty array of them";
            errors.Add(PolicyCaseCodes.InvalidValue, $"A context value {problem}.", value.Offset, valuePath);
            return null;
        }

        return [.. value.Items.Select(i => i.Text!)];
    }

    private static bool IsScalar(JsonNode value) => value.Kind is JsonKind.String or JsonKind.Number or JsonKind.True or JsonKind.False;
}
