namespace SecureQueue.Policies.Documents;

/// <summary>A string value from a document and where it is.</summary>
internal readonly record struct LocatedString(string Text, long Offset, string Path);

/// <summary>Reads the "string or array of strings" shape that most policy elements share.</summary>
internal static class JsonStrings
{
    /// <summary>The strings of <paramref name="node"/>, or null after reporting a wrong type or (with <paramref name="emptyCode"/>) an empty array.</summary>
    public static List<LocatedString>? Read(JsonNode node, ParseErrorSink errors, string path, string element, string? emptyCode)
    {
        if (node.Kind == JsonKind.String)
        {
            return [new LocatedString(node.Text!, node.Offset, path)];
        }

        if (node.Kind != JsonKind.Array)
        {
            errors.Add(PolicyErrorCodes.InvalidElementType, $"{element} must be a string or an array of strings, not {node.Describe()}.", node.Offset, path);
            return null;
        }

        if (node.Items.Count == 0 && emptyCode is not null)
        {
            errors.Add(emptyCode, $"{element} must not be an empty array.", node.Offset, path);
            return null;
        }

        var values = new List<LocatedString>(node.Items.Count);
        var valid = true;
        for (var i = 0; i < node.Items.Count; i++)
        {
            var item = node.Items[i];
            if (item.Kind == JsonKind.String)
            {
                values.Add(new LocatedString(item.Text!, item.Offset, $"{path}[{i}]"));
            }
            else
            {
                errors.Add(PolicyErrorCodes.InvalidElementType, $"Each {element} entry must be a string, not {item.Describe()}.", item.Offset, $"{path}[{i}]");
                valid = false;
            }
        }

        return valid ? values : null;
    }
}
