using SecureQueue.Policies.Documents;

namespace SecureQueue.Policies.Linting;

/// <summary>
/// One compiled document with the JSON tree it came from, so rules can reason over compiled statements yet point at the
/// exact element: the compiler keeps only statement positions.
/// </summary>
internal sealed class LintContext
{
    private readonly TextPositions positions;
    private readonly List<LintFinding> findings = [];

    public LintContext(PolicyDocument document, JsonNode root, TextPositions positions)
    {
        Document = document;
        Root = root;
        this.positions = positions;

        // The document compiled, so Statement is an object or a non-empty array with one node per compiled statement.
        var statement = root.Members.First(m => m.Name == "Statement").Value;
        var nodes = statement.Kind == JsonKind.Array ? statement.Items : [statement];
        Statements = [.. document.Statements.Select((s, i) =>
            new LintStatement(s, nodes[i], statement.Kind == JsonKind.Array ? $"Statement[{i}]" : "Statement"))];
    }

    public PolicyDocument Document { get; }

    public PolicyKind Kind => Document.Kind;

    public JsonNode Root { get; }

    public IReadOnlyList<LintStatement> Statements { get; }

    public IReadOnlyList<LintFinding> Findings => findings;

    public void Report(FindingType type, string code, string message, long offset, string path)
    {
        var (line, column) = positions.At(offset);
        findings.Add(new LintFinding(type, code, message, Document.Source, line, column, path));
    }

    /// <summary>Reports at the statement itself, for findings about the statement as a whole.</summary>
    public void Report(FindingType type, string code, string message, LintStatement statement) =>
        Report(type, code, message, statement.Node.Offset, statement.Path);
}
