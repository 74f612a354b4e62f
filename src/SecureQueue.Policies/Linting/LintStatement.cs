using SecureQueue.Policies.Conditions;
using SecureQueue.Policies.Documents;

namespace SecureQueue.Policies.Linting;

/// <summary>One condition clause as written: the operator, the key and the raw values, located by the key's name.</summary>
internal sealed record LintClause(ConditionOperator Operator, string Key, IReadOnlyList<string> Values, long Offset, string Path);

/// <summary>A principal entry as written, e.g. <c>("Service", "sns.amazonaws.com")</c>.</summary>
internal readonly record struct LintPrincipal(string Type, LocatedString Value);

/// <summary>A compiled statement with its JSON node, read again for the raw values and positions rules report.</summary>
internal sealed class LintStatement
{
    public LintStatement(PolicyStatement compiled, JsonNode node, string path)
    {
        Compiled = compiled;
        Node = node;
        Path = path;
        Clauses = ReadClauses();
        Principals = ReadPrincipals(out var everyone);
        PrincipalIsEveryone = everyone;
        Canonical = CanonicalJson.OfStatement(node);
    }

    public PolicyStatement Compiled { get; }

    public JsonNode Node { get; }

    public string Path { get; }

    public int Index => Compiled.Index;

    public PolicyEffect Effect => Compiled.Effect;

    /// <summary>"Statement[1] (Sid AllowSend)", for messages.</summary>
    public string Label => Compiled.Sid is null ? Path : $"{Path} (Sid {Compiled.Sid})";

    public IReadOnlyList<LintClause> Clauses { get; }

    /// <summary>The statement's canonical text without its Sid; equal for statements identical but for the Sid.</summary>
    public string Canonical { get; }

    /// <summary>The entries of Principal or NotPrincipal (see <see cref="PolicyStatement.PrincipalNegated"/>); empty when absent or "*".</summary>
    public IReadOnlyList<LintPrincipal> Principals { get; }

    /// <summary>True for <c>"*"</c> or an <c>AWS</c> entry <c>"*"</c>, in Principal or NotPrincipal.</summary>
    public bool PrincipalIsEveryone { get; }

    public JsonMember? Member(string name) => Node.Members.FirstOrDefault(m => m.Name == name);

    /// <summary>The strings of Action, NotAction, Resource or NotResource, located.</summary>
    public IReadOnlyList<LocatedString> Strings(string element) =>
        Member(element) is { } member ? ReadStrings(member.Value, $"{Path}.{element}") : [];

    private static List<LocatedString> ReadStrings(JsonNode node, string path) => node.Kind == JsonKind.String
        ? [new LocatedString(node.Text!, node.Offset, path)]
        : [.. node.Items.Select((item, i) => new LocatedString(item.Text ?? "", item.Offset, $"{path}[{i}]"))];

    private List<LintClause> ReadClauses()
    {
        var clauses = new List<LintClause>();
        if (Member("Condition") is not { } condition)
        {
            return clauses;
        }

        foreach (var block in condition.Value.Members)
        {
            // The statement compiled, so every operator parses.
            var op = ConditionOperator.Parse(block.Name, out _)!;
            foreach (var entry in block.Value.Members)
            {
                var values = entry.Value.Kind == JsonKind.Array
                    ? entry.Value.Items.Select(v => v.Text ?? "").ToArray()
                    : [entry.Value.Text ?? ""];
                clauses.Add(new LintClause(op, entry.Name, values, entry.NameOffset, $"{Path}.Condition.{block.Name}.{entry.Name}"));
            }
        }

        return clauses;
    }

    private List<LintPrincipal> ReadPrincipals(out bool everyone)
    {
        everyone = false;
        var entries = new List<LintPrincipal>();
        var member = Member("Principal") ?? Member("NotPrincipal");
        if (member is null)
        {
            return entries;
        }

        if (member.Value.Kind == JsonKind.String)
        {
            everyone = true;
            return entries;
        }

        foreach (var type in member.Value.Members)
        {
            foreach (var value in ReadStrings(type.Value, $"{Path}.{member.Name}.{type.Name}"))
            {
                everyone |= type.Name == "AWS" && value.Text == "*";
                entries.Add(new LintPrincipal(type.Name, value));
            }
        }

        return entries;
    }
}
