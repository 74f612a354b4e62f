namespace SecureQueue.Policies.Documents;

/// <summary>
/// Turns a <see cref="JsonNode"/> tree into a <see cref="PolicyDocument"/>, checking the grammar of the policy kind and
/// reporting every error it finds before giving up on the document.
/// </summary>
internal sealed partial class PolicyCompiler(PolicyKind kind, string source, TextPositions positions, ParseErrorSink errors)
{
    public const string CurrentVersion = "2012-10-17";
    public const string LegacyVersion = "2008-10-17";

    // Policy variables exist only under 2012-10-17; otherwise "${…}" is literal text.
    private bool variables;

    public PolicyDocument? Compile(JsonNode root)
    {
        if (root.Kind != JsonKind.Object)
        {
            errors.Add(PolicyErrorCodes.InvalidElementType, $"A policy document must be a JSON object, not {root.Describe()}.", root.Offset, "");
            return null;
        }

        JsonMember? version = null, id = null, statement = null;
        foreach (var member in root.Members)
        {
            switch (member.Name)
            {
                case "Version": version = member; break;
                case "Id": id = member; break;
                case "Statement": statement = member; break;
                default:
                    errors.Add(PolicyErrorCodes.InvalidPolicyElement, $"\"{member.Name}\" is not a policy element (names are case-sensitive).", member.NameOffset, member.Name);
                    break;
            }
        }

        var versionText = CompileVersion(version);
        variables = versionText == CurrentVersion;
        var idText = CompileId(id);
        var statements = CompileStatements(statement, root);
        return errors.Count == 0 && statements is not null
            ? new PolicyDocument(source, kind, versionText, idText, statements)
            : null;
    }

    private string? CompileVersion(JsonMember? version)
    {
        if (version is null)
        {
            // Allowed, as in IAM: the document is read as 2008-10-17, so policy variables stay literal text.
            return null;
        }

        if (version.Value.Kind != JsonKind.String)
        {
            errors.Add(PolicyErrorCodes.InvalidElementType, $"Version must be a string, not {version.Value.Describe()}.", version.Value.Offset, "Version");
            return null;
        }

        var text = version.Value.Text!;
        if (text is not (CurrentVersion or LegacyVersion))
        {
            errors.Add(PolicyErrorCodes.InvalidVersion, $"Version \"{text}\" is not \"{CurrentVersion}\" or \"{LegacyVersion}\".", version.Value.Offset, "Version");
            return null;
        }

        return text;
    }

    private string? CompileId(JsonMember? id)
    {
        if (id is null)
        {
            return null;
        }

        if (kind == PolicyKind.Identity)
        {
            errors.Add(PolicyErrorCodes.UnsupportedElement, "Id is not allowed in an identity policy.", id.NameOffset, "Id");
            return null;
        }

        if (id.Value.Kind != JsonKind.String)
        {
            errors.Add(PolicyErrorCodes.InvalidElementType, $"Id must be a string, not {id.Value.Describe()}.", id.Value.Offset, "Id");
            return null;
        }

        return id.Value.Text;
    }

    private List<PolicyStatement>? CompileStatements(JsonMember? statement, JsonNode root)
    {
        if (statement is null)
        {
            errors.Add(PolicyErrorCodes.MissingStatement, "The policy has no Statement.", root.Offset, "");
            return null;
        }

        var value = statement.Value;
        IReadOnlyList<JsonNode>? nodes = value.Kind switch
        {
            JsonKind.Object => [value],
            JsonKind.Array => value.Items,
            _ => null,
        };
        if (nodes is null)
        {
            errors.Add(PolicyErrorCodes.InvalidElementType, $"Statement must be an object or an array of objects, not {value.Describe()}.", value.Offset, "Statement");
            return null;
        }

        if (nodes.Count == 0)
        {
            errors.Add(PolicyErrorCodes.MissingStatement, "Statement must not be an empty array.", value.Offset, "Statement");
            return null;
        }

        var sids = new HashSet<string>(StringComparer.Ordinal);
        var statements = new List<PolicyStatement>(nodes.Count);
        for (var i = 0; i < nodes.Count; i++)
        {
            var path = value.Kind == JsonKind.Array ? $"Statement[{i}]" : "Statement";
            if (CompileStatement(nodes[i], i, path, sids) is { } compiled)
            {
                statements.Add(compiled);
            }
        }

        return statements.Count == nodes.Count ? statements : null;
    }
}
