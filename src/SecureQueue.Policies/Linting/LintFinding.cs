namespace SecureQueue.Policies.Linting;

/// <summary>One lint finding: its type, a stable <see cref="LintCodes">code</see>, and where it is (1-based line and column).</summary>
/// <param name="Path">Where in the document, e.g. <c>Statement[1].Principal</c>; empty for the document as a whole.</param>
public sealed record LintFinding(FindingType Type, string Code, string Message, string Source, int Line, int Column, string Path)
{
    /// <summary><c>source:line:column: TYPE: CODE: message</c>, the shape editors and CI problem matchers read.</summary>
    public override string ToString() => $"{Source}:{Line}:{Column}: {Type.ToName()}: {Code}: {Message}";
}
