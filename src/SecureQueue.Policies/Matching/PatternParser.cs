using System.Text;
using SecureQueue.Policies.Documents;

namespace SecureQueue.Policies.Matching;

/// <summary>Compiles pattern text: <c>*</c>/<c>?</c> when wildcards apply, <c>${key}</c>, <c>${key, 'default'}</c> and the escapes <c>${*}</c> <c>${?}</c> <c>${$}</c> when variables apply.</summary>
internal static class PatternParser
{
    public static PolicyPattern? Parse(string text, bool wildcards, bool variables, out PatternProblem problem)
    {
        var parts = new List<PatternPart>();
        var literal = new StringBuilder();
        problem = default;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (wildcards && c is '*' or '?')
            {
                Flush(parts, literal);
                // "**" means the same as "*"; collapsing keeps the matcher's single backtrack point meaningful.
                if (c == '?' || parts.Count == 0 || parts[^1].Kind != PatternPartKind.AnyRun)
                {
                    parts.Add(new PatternPart(c == '*' ? PatternPartKind.AnyRun : PatternPartKind.AnyChar));
                }
            }
            else if (variables && c == '$' && i + 1 < text.Length && text[i + 1] == '{')
            {
                if (!TryReadVariable(text, ref i, out var part, out problem))
                {
                    return null;
                }

                if (part.Kind == PatternPartKind.Literal)
                {
                    literal.Append(part.Text);
                }
                else
                {
                    Flush(parts, literal);
                    parts.Add(part);
                }
            }
            else
            {
                literal.Append(c);
            }
        }

        Flush(parts, literal);
        return new PolicyPattern(text, [.. parts]);
    }

    /// <summary>True when the text would contain a policy variable under Version 2012-10-17.</summary>
    public static bool ContainsVariable(string text) => text.Contains("${", StringComparison.Ordinal);

    private static void Flush(List<PatternPart> parts, StringBuilder literal)
    {
        if (literal.Length > 0)
        {
            parts.Add(new PatternPart(PatternPartKind.Literal, literal.ToString()));
            literal.Clear();
        }
    }

    // On entry text[i] is '$' of "${"; on success i is at the closing '}'.
    private static bool TryReadVariable(string text, ref int i, out PatternPart part, out PatternProblem problem)
    {
        part = default;
        problem = default;
        var j = i + 2;
        if (j + 1 < text.Length && text[j] is '*' or '?' or '$' && text[j + 1] == '}')
        {
            part = new PatternPart(PatternPartKind.Literal, text[j].ToString());
            i = j + 1;
            return true;
        }

        var nameStart = j;
        while (j < text.Length && text[j] is not ('}' or ','))
        {
            if (char.IsWhiteSpace(text[j]))
            {
                problem = new(PolicyErrorCodes.UnsupportedSpaceInVariable, $"The policy variable in \"{text}\" contains a space.");
                return false;
            }

            if (text[j] is '{' or '$' or '\'')
            {
                break;
            }

            j++;
        }

        if (j >= text.Length || text[j] is not ('}' or ','))
        {
            problem = new(PolicyErrorCodes.MissingBraceInVariable, $"The policy variable in \"{text}\" has no closing brace.");
            return false;
        }

        var name = text[nameStart..j];
        if (name.Length == 0)
        {
            problem = new(PolicyErrorCodes.EmptyVariable, $"\"{text}\" contains an empty policy variable.");
            return false;
        }

        string? defaultValue = null;
        if (text[j] == ',')
        {
            j = SkipSpaces(text, j + 1);
            var close = j < text.Length && text[j] == '\'' ? text.IndexOf('\'', j + 1) : -1;
            if (close < 0)
            {
                problem = new(PolicyErrorCodes.MissingQuoteInVariable, $"The default value of the policy variable in \"{text}\" must be in single quotes.");
                return false;
            }

            defaultValue = text[(j + 1)..close];
            j = SkipSpaces(text, close + 1);
            if (j >= text.Length || text[j] != '}')
            {
                problem = new(PolicyErrorCodes.MissingBraceInVariable, $"The policy variable in \"{text}\" has no closing brace.");
                return false;
            }
        }

        part = new PatternPart(PatternPartKind.Variable, name, defaultValue);
        i = j;
        return true;
    }

    private static int SkipSpaces(string text, int j)
    {
        while (j < text.Length && text[j] == ' ')
        {
            j++;
        }

        return j;
    }
}
