using System.Text;
using SecureQueue.Policies.Documents;

namespace SecureQueue.Policies.Linting;

/// <summary>
/// Access-Analyzer-style checks over a policy document, every finding in one pass. Grammar errors come first (as ERROR,
/// with their parser codes); the rules run only on a document that compiled, since they reason about its meaning.
/// </summary>
public static class PolicyLinter
{
    private static readonly Action<LintContext>[] Rules =
    [
        MissingVersionRule.Check,
        UnknownActionRule.Check,
        UnknownConditionKeyRule.Check,
        PublicAccessRule.Check,
        SecureTransportRule.Check,
        ServicePrincipalRule.Check,
        NotPrincipalRule.Check,
        ForAllValuesRule.Check,
        NullQualifierRule.Check,
        WildcardWriteActionRule.Check,
        OwnerOnlyActionRule.Check,
        RedundantStatementRule.Check,
        ShadowedStatementRule.Check,
    ];

    /// <summary>Parses <paramref name="json"/> as a policy of <paramref name="kind"/> and lints it; never throws for any input.</summary>
    public static LintReport Lint(string json, string source, PolicyKind kind)
    {
        var parsed = PolicyDocument.Parse(json, source, kind);
        if (parsed.Document is not { } document)
        {
            return new LintReport(null, [.. parsed.Errors.Select(e =>
                new LintFinding(FindingType.Error, e.Code, e.Message, e.Source, e.Line, e.Column, e.Path))]);
        }

        return Lint(document, json);
    }

    /// <summary>Lints a compiled document; <paramref name="json"/> must be the text it was compiled from (positions come from it).</summary>
    public static LintReport Lint(PolicyDocument document, string json)
    {
        var context = Context(document, json);
        foreach (var rule in Rules)
        {
            rule(context);
        }

        return new LintReport(document, [.. context.Findings.OrderBy(f => f.Line).ThenBy(f => f.Column)]);
    }

    /// <summary>
    /// True when the document refuses plain HTTP outright: a queue policy's Deny to <c>"*"</c>, or a guardrail's Deny, of every
    /// SQS action on <c>Bool aws:SecureTransport false</c>. <paramref name="json"/> is the text it was compiled from.
    /// </summary>
    public static bool DeniesPlainHttp(PolicyDocument document, string json) =>
        Context(document, json).Statements.Any(s => (s.PrincipalIsEveryone || s.Compiled.Principal is null) && SecureTransportRule.DeniesPlainHttpToAll(s));

    /// <summary>The compiled document beside the JSON tree of <paramref name="json"/>, the text it was compiled from.</summary>
    internal static LintContext Context(PolicyDocument document, string json)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(json);

        // Read the text exactly as PolicyDocument.Parse did (BOM dropped, UTF-8 offsets), so positions agree with the parser's.
        var utf8 = Encoding.UTF8.GetBytes(json.StartsWith('\uFEFF') ? json[1..] : json);
        var positions = new TextPositions(utf8);
        var root = JsonTreeReader.Read(utf8, new ParseErrorSink(document.Source, positions));
        if (root is null || !Matches(root, document))
        {
            throw new ArgumentException($"The text is not the one '{document.Source}' was compiled from.", nameof(json));
        }

        return new LintContext(document, root, positions);
    }

    private static bool Matches(JsonNode root, PolicyDocument document) =>
        root.Kind == JsonKind.Object
        && root.Members.FirstOrDefault(m => m.Name == "Statement")?.Value is { } statement
        && (statement.Kind == JsonKind.Array ? statement.Items.Count : 1) == document.Statements.Count;
}
