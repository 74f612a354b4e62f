using System.Text;

namespace SecureQueue.Policies.Documents;

/// <summary>A parsed and compiled IAM policy document; immutable and safe to share between threads.</summary>
public sealed class PolicyDocument
{
    /// <summary>Longest accepted input in characters: 16 times the SQS queue-policy quota (8,192 bytes), so any real policy fits.</summary>
    public const int MaxLength = 131_072;

    /// <summary>Deepest accepted JSON nesting; a valid policy needs 7 levels.</summary>
    public const int MaxDepth = 32;

    /// <summary>Most entries accepted in one JSON array or object; IAM quotas are far lower (e.g. 50 principals).</summary>
    public const int MaxContainerItems = 1_000;

    internal PolicyDocument(string source, PolicyKind kind, string? version, string? id, IReadOnlyList<PolicyStatement> statements)
    {
        Source = source;
        Kind = kind;
        Version = version;
        Id = id;
        Statements = statements;
    }

    /// <summary>Where the document came from (a file path, or a queue ARN for a queue policy), as given to <see cref="Parse"/>.</summary>
    public string Source { get; }

    public PolicyKind Kind { get; }

    /// <summary>"2012-10-17", "2008-10-17", or null when absent (read as 2008-10-17: no policy variables).</summary>
    public string? Version { get; }

    public string? Id { get; }

    internal IReadOnlyList<PolicyStatement> Statements { get; }

    /// <summary>Statement, principal and condition counts, for services that cap them (SQS queue policies).</summary>
    public PolicySize Size => new(
        Statements.Count,
        Statements.Sum(s => s.Principal?.Count ?? 0),
        Statements.Sum(s => s.Conditions.Count));

    /// <summary>
    /// Parses and compiles <paramref name="json"/> as a policy of <paramref name="kind"/>. Never throws for any input: the
    /// result holds either the document or every error found, each with line and column. A leading BOM is ignored.
    /// </summary>
    public static PolicyParseResult Parse(string json, string source, PolicyKind kind)
    {
        if (!Enum.IsDefined(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown policy kind.");
        }

        source ??= "";
        var text = json ?? "";
        if (text.StartsWith('\uFEFF'))
        {
            text = text[1..];
        }

        if (text.Length > MaxLength || string.IsNullOrWhiteSpace(text))
        {
            var empty = new ParseErrorSink(source, new TextPositions([]));
            if (text.Length > MaxLength)
            {
                empty.Add(PolicyErrorCodes.DocumentTooLarge, $"The document has {text.Length} characters; at most {MaxLength} are accepted.", 0, "");
            }
            else
            {
                empty.Add(PolicyErrorCodes.EmptyDocument, "The policy document is empty.", 0, "");
            }

            return new PolicyParseResult(null, empty.Errors);
        }

        var utf8 = Encoding.UTF8.GetBytes(text);
        var positions = new TextPositions(utf8);
        var errors = new ParseErrorSink(source, positions);
        var root = JsonTreeReader.Read(utf8, errors);
        var document = root is null ? null : new PolicyCompiler(kind, source, positions, errors).Compile(root);
        return errors.Count == 0 && document is not null
            ? new PolicyParseResult(document, [])
            : new PolicyParseResult(null, errors.Errors);
    }

    public override string ToString() => Id is null ? Source : $"{Source} ({Id})";
}
