using System.Buffers;
using SecureQueue.Policies.Conditions;
using SecureQueue.Policies.Matching;

namespace SecureQueue.Policies.Documents;

/// <summary>Statement-level checks: Sid, Effect, Principal, Action, Resource and Condition.</summary>
internal sealed partial class PolicyCompiler
{
    private PolicyStatement? CompileStatement(JsonNode node, int index, string path, HashSet<string> sids)
    {
        if (node.Kind != JsonKind.Object)
        {
            errors.Add(PolicyErrorCodes.InvalidElementType, $"A statement must be an object, not {node.Describe()}.", node.Offset, path);
            return null;
        }

        var members = new Dictionary<string, JsonMember>(StringComparer.Ordinal);
        foreach (var member in node.Members)
        {
            if (member.Name is "Sid" or "Effect" or "Principal" or "NotPrincipal" or "Action" or "NotAction" or "Resource" or "NotResource" or "Condition")
            {
                members[member.Name] = member;
            }
            else
            {
                errors.Add(PolicyErrorCodes.InvalidPolicyElement, $"\"{member.Name}\" is not a statement element (names are case-sensitive).", member.NameOffset, $"{path}.{member.Name}");
            }
        }

        var before = errors.Count;
        var sid = CompileSid(members.GetValueOrDefault("Sid"), path, sids);
        var effect = CompileEffect(members.GetValueOrDefault("Effect"), node, path);
        var (principal, principalNegated) = CompilePrincipal(members.GetValueOrDefault("Principal"), members.GetValueOrDefault("NotPrincipal"), node, path);
        var action = Pick(members.GetValueOrDefault("Action"), members.GetValueOrDefault("NotAction"), node, path, "Action", PolicyErrorCodes.MissingAction);
        var actions = action is { } a ? CompileActions(a.Member, path) : null;
        var resource = Pick(members.GetValueOrDefault("Resource"), members.GetValueOrDefault("NotResource"), node, path, "Resource", PolicyErrorCodes.MissingResource);
        var resources = resource is { } r ? CompileResources(r.Member, path) : null;
        var condition = members.GetValueOrDefault("Condition");
        var conditions = condition is null ? [] : ConditionParser.Parse(condition.Value, $"{path}.Condition", errors, variables);

        if (errors.Count != before || effect is null || actions is null || resources is null || conditions is null)
        {
            return null;
        }

        var (line, column) = positions.At(node.Offset);
        return new PolicyStatement
        {
            Index = index,
            Sid = sid,
            Effect = effect.Value,
            Line = line,
            Column = column,
            Principal = principal,
            PrincipalNegated = principalNegated,
            Actions = actions,
            ActionNegated = action!.Value.Negated,
            Resources = resources,
            ResourceNegated = resource!.Value.Negated,
            Conditions = conditions,
        };
    }

    private string? CompileSid(JsonMember? sid, string path, HashSet<string> sids)
    {
        if (sid is null)
        {
            return null;
        }

        if (sid.Value.Kind != JsonKind.String)
        {
            errors.Add(PolicyErrorCodes.InvalidElementType, $"Sid must be a string, not {sid.Value.Describe()}.", sid.Value.Offset, $"{path}.Sid");
            return null;
        }

        var text = sid.Value.Text!;
        if (text.Length == 0)
        {
            return null;
        }

        // IAM allows [A-Za-z0-9] only; SQS queue policies also carry AddPermission labels, which may hold '-' and '_'.
        var valid = text.All(c => char.IsAsciiLetterOrDigit(c) || (kind == PolicyKind.Resource && c is '-' or '_'));
        if (!valid)
        {
            var allowed = kind == PolicyKind.Resource ? "letters, digits, '-' and '_'" : "letters and digits";
            errors.Add(PolicyErrorCodes.InvalidSid, $"Sid \"{text}\" may contain only {allowed}.", sid.Value.Offset, $"{path}.Sid");
        }
        else if (!sids.Add(text))
        {
            errors.Add(PolicyErrorCodes.UniqueSidsRequired, $"Sid \"{text}\" is used by another statement.", sid.Value.Offset, $"{path}.Sid");
        }

        return text;
    }

    private PolicyEffect? CompileEffect(JsonMember? effect, JsonNode statement, string path)
    {
        if (effect is null)
        {
            errors.Add(PolicyErrorCodes.MissingEffect, "The statement has no Effect.", statement.Offset, path);
            return null;
        }

        if (effect.Value.Kind != JsonKind.String)
        {
            errors.Add(PolicyErrorCodes.InvalidElementType, $"Effect must be a string, not {effect.Value.Describe()}.", effect.Value.Offset, $"{path}.Effect");
            return null;
        }

        PolicyEffect? value = effect.Value is { Kind: JsonKind.String, Text: "Allow" } ? PolicyEffect.Allow
            : effect.Value is { Kind: JsonKind.String, Text: "Deny" } ? PolicyEffect.Deny
            : null;
        if (value is null)
        {
            errors.Add(PolicyErrorCodes.InvalidEffect, "Effect must be \"Allow\" or \"Deny\" (case-sensitive).", effect.Value.Offset, $"{path}.Effect");
        }
        else if (value == PolicyEffect.Allow && kind == PolicyKind.Guardrail)
        {
            errors.Add(PolicyErrorCodes.AllowInGuardrail, "A guardrail can only deny: an Allow statement here would grant nothing.", effect.Value.Offset, $"{path}.Effect");
        }

        return value;
    }

    private (PrincipalSet? Set, bool Negated) CompilePrincipal(JsonMember? principal, JsonMember? notPrincipal, JsonNode statement, string path)
    {
        if (kind != PolicyKind.Resource)
        {
            foreach (var member in new[] { principal, notPrincipal })
            {
                if (member is not null)
                {
                    errors.Add(PolicyErrorCodes.UnsupportedElement, $"{member.Name} is not allowed in {(kind == PolicyKind.Identity ? "an identity policy" : "a guardrail")}.", member.NameOffset, $"{path}.{member.Name}");
                }
            }

            return (null, false);
        }

        if (Pick(principal, notPrincipal, statement, path, "Principal", PolicyErrorCodes.MissingPrincipal) is not { } picked)
        {
            return (null, false);
        }

        var set = PrincipalSet.Parse(picked.Member.Value, picked.Member.Name, $"{path}.{picked.Member.Name}", errors, variables);
        return (set, picked.Negated);
    }

    // Exactly one of an element and its Not-form.
    private (JsonMember Member, bool Negated)? Pick(JsonMember? positive, JsonMember? negative, JsonNode statement, string path, string name, string missingCode)
    {
        if (positive is not null && negative is not null)
        {
            errors.Add(PolicyErrorCodes.UnsupportedElementCombination, $"A statement cannot have both {name} and Not{name}.", negative.NameOffset, $"{path}.Not{name}");
            return null;
        }

        if (positive is null && negative is null)
        {
            errors.Add(missingCode, $"The statement has no {name} or Not{name}.", statement.Offset, path);
            return null;
        }

        return positive is not null ? (positive, false) : (negative!, true);
    }

    private List<PolicyPattern>? CompileActions(JsonMember member, string path)
    {
        var values = JsonStrings.Read(member.Value, errors, $"{path}.{member.Name}", member.Name, PolicyErrorCodes.MissingAction);
        if (values is null)
        {
            return null;
        }

        var patterns = new List<PolicyPattern>(values.Count);
        foreach (var value in values)
        {
            if (variables && PatternParser.ContainsVariable(value.Text))
            {
                errors.Add(PolicyErrorCodes.VariableUnsupportedInElement, $"Policy variables are not supported in {member.Name}: \"{value.Text}\".", value.Offset, value.Path);
            }
            else if (!IsValidAction(value.Text))
            {
                errors.Add(PolicyErrorCodes.InvalidAction, $"\"{value.Text}\" is not an action: use \"*\" or \"service:Action\" (wildcards allowed).", value.Offset, value.Path);
            }
            else
            {
                patterns.Add(PatternParser.Parse(value.Text, wildcards: true, variables: false, out _)!);
            }
        }

        return patterns.Count == values.Count ? patterns : null;
    }

    private static bool IsValidAction(string text)
    {
        if (text == "*")
        {
            return true;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon > 0
            && colon < text.Length - 1
            && !text.AsSpan(0, colon).ContainsAnyExcept(ServiceChars)
            && !text.AsSpan(colon + 1).ContainsAnyExcept(ActionNameChars);
    }

    private static readonly SearchValues<char> ServiceChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-*?");

    private static readonly SearchValues<char> ActionNameChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_*?");

    private List<ArnPattern>? CompileResources(JsonMember member, string path)
    {
        var values = JsonStrings.Read(member.Value, errors, $"{path}.{member.Name}", member.Name, PolicyErrorCodes.MissingResource);
        if (values is null)
        {
            return null;
        }

        var patterns = new List<ArnPattern>(values.Count);
        foreach (var value in values)
        {
            if (ArnPattern.Parse(value.Text, variables, allowShort: true, out var problem) is { } pattern)
            {
                patterns.Add(pattern);
            }
            else
            {
                errors.Add(problem.Code, problem.Message, value.Offset, value.Path);
            }
        }

        return patterns.Count == values.Count ? patterns : null;
    }
}
