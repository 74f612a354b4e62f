namespace SecureQueue.Policies.Documents;

/// <summary>One problem in a policy document: a stable <see cref="PolicyErrorCodes">code</see>, located by 1-based line and column.</summary>
/// <param name="Path">Where in the document, e.g. <c>Statement[1].Condition.StringEquals</c>; empty for JSON syntax errors.</param>
public sealed record PolicyError(string Code, string Message, string Source, int Line, int Column, string Path)
{
    /// <summary>The compiler-style form <c>source(line,column): CODE: message</c>.</summary>
    public override string ToString() => $"{Source}({Line},{Column}): {Code}: {Message}";
}
