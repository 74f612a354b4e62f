using System.Buffers;
using SecureQueue.Policies.Documents;

namespace SecureQueue.Policies.Conditions;

/// <summary>Compiles a statement's Condition element, reporting every problem it finds.</summary>
internal static class ConditionParser
{
    public static List<ConditionClause>? Parse(JsonNode node, string path, ParseErrorSink errors, bool variables)
    {
        if (node.Kind != JsonKind.Object)
        {
            errors.Add(PolicyErrorCodes.InvalidElementType, $"Condition must be an object, not {node.Describe()}.", node.Offset, path);
            return null;
        }

        var before = errors.Count;
        var clauses = new List<ConditionClause>();
        foreach (var block in node.Members)
        {
            var blockPath = $"{path}.{block.Name}";
            var op = ConditionOperator.Parse(block.Name, out var problem);
            if (op is null)
            {
                errors.Add(problem.Code, problem.Message, block.NameOffset, blockPath);
            }

            if (block.Value.Kind != JsonKind.Object)
            {
                errors.Add(PolicyErrorCodes.InvalidElementType, $"The value of \"{block.Name}\" must be an object of condition keys, not {block.Value.Describe()}.", block.Value.Offset, blockPath);
                continue;
            }

            var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var entry in block.Value.Members)
            {
                var entryPath = $"{blockPath}.{entry.Name}";
                if (!keys.Add(entry.Name))
                {
                    errors.Add(PolicyErrorCodes.DuplicateKeysWithDifferentCase, $"Condition key \"{entry.Name}\" repeats a key that differs only by case; keys are case-insensitive.", entry.NameOffset, entryPath);
                }

                if (!IsValidKey(entry.Name))
                {
                    errors.Add(PolicyErrorCodes.InvalidConditionKeyFormat, $"\"{entry.Name}\" is not a condition key of the form prefix:name.", entry.NameOffset, entryPath);
                }

                var values = ReadValues(entry.Value, errors, entryPath);
                if (op is not null && values is not null
                    && ConditionValueParser.Compile(op, values, errors, variables) is { } compiled)
                {
                    clauses.Add(new ConditionClause(op, entry.Name, compiled));
                }
            }
        }

        return errors.Count == before ? clauses : null;
    }

    // Key names: a service prefix (letters, digits, '-'), a colon, then a non-empty name (tag keys may hold spaces).
    private static bool IsValidKey(string key)
    {
        var colon = key.IndexOf(':', StringComparison.Ordinal);
        return colon > 0
            && colon < key.Length - 1
            && !key.AsSpan(0, colon).ContainsAnyExcept(PrefixChars)
            && !key.AsSpan(colon + 1).ContainsAnyInRange('\0', '\u001f');
    }

    private static readonly SearchValues<char> PrefixChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-");

    // Values are JSON strings; numbers and booleans are taken as their text, as IAM does.
    private static List<LocatedString>? ReadValues(JsonNode node, ParseErrorSink errors, string path)
    {
        if (IsScalar(node))
        {
            return [new LocatedString(node.Text!, node.Offset, path)];
        }

        if (node.Kind != JsonKind.Array)
        {
            errors.Add(PolicyErrorCodes.InvalidElementType, $"A condition value must be a string, number, boolean or an array of them, not {node.Describe()}.", node.Offset, path);
            return null;
        }

        var values = new List<LocatedString>(node.Items.Count);
        var valid = true;
        for (var i = 0; i < node.Items.Count; i++)
        {
            var item = node.Items[i];
            if (IsScalar(item))
            {
                values.Add(new LocatedString(item.Text!, item.Offset, $"{path}[{i}]"));
            }
            else
            {
                errors.Add(PolicyErrorCodes.InvalidElementType, $"A condition value must be a string, number or boolean, not {item.Describe()}.", item.Offset, $"{path}[{i}]");
                valid = false;
            }
        }

        return valid ? values : null;
    }

    private static bool IsScalar(JsonNode node) => node.Kind is JsonKind.String or JsonKind.Number or JsonKind.True or JsonKind.False;
}
