using SecureQueue.Policies.Evaluation;

namespace SecureQueue.Policies.Matching;

/// <summary>
/// A compiled pattern: literal runs, <c>*</c>, <c>?</c> and policy variables. Substituted variable values are literal text,
/// so a tag value containing <c>*</c> can never widen a pattern.
/// </summary>
internal sealed class PolicyPattern
{
    private readonly PatternPart[] parts;

    public PolicyPattern(string text, PatternPart[] parts)
    {
        Text = text;
        this.parts = parts;
        HasVariables = parts.Any(p => p.Kind == PatternPartKind.Variable);
        HasWildcards = parts.Any(p => p.Kind is PatternPartKind.AnyRun or PatternPartKind.AnyChar);
        IsAnyRun = parts is [{ Kind: PatternPartKind.AnyRun }];
    }

    /// <summary>The source text the pattern was compiled from.</summary>
    public string Text { get; }

    public bool HasVariables { get; }

    public bool HasWildcards { get; }

    /// <summary>True for a pattern that is exactly <c>*</c>.</summary>
    public bool IsAnyRun { get; }

    public IReadOnlyList<PatternPart> Parts => parts;

    public PatternMatch Match(ReadOnlySpan<char> input, RequestContext? context, StringComparison comparison)
    {
        if (HasVariables && !IsResolvable(context))
        {
            return PatternMatch.Unresolved;
        }

        return Matches(input, context, comparison) ? PatternMatch.Match : PatternMatch.NoMatch;
    }

    /// <summary>True when every variable has a value or a default in <paramref name="context"/>.</summary>
    public bool IsResolvable(RequestContext? context)
    {
        foreach (var part in parts)
        {
            if (part.Kind == PatternPartKind.Variable && Resolve(part, context) is null)
            {
                return false;
            }
        }

        return true;
    }

    // Glob matching with one backtrack point (the last '*'): O(pattern × input), never exponential. Literal runs compare
    // as a block, which is equivalent to comparing them character by character.
    private bool Matches(ReadOnlySpan<char> input, RequestContext? context, StringComparison comparison)
    {
        int p = 0, s = 0, starPart = -1, starInput = 0;
        while (true)
        {
            if (p < parts.Length)
            {
                var part = parts[p];
                switch (part.Kind)
                {
                    case PatternPartKind.AnyRun:
                        starPart = p++;
                        starInput = s;
                        continue;
                    case PatternPartKind.AnyChar when s < input.Length:
                        p++;
                        s++;
                        continue;
                    case PatternPartKind.Literal or PatternPartKind.Variable:
                        var text = part.Kind == PatternPartKind.Literal ? part.Text : Resolve(part, context)!;
                        if (input[s..].StartsWith(text, comparison))
                        {
                            s += text.Length;
                            p++;
                            continue;
                        }

                        break;
                }
            }
            else if (s == input.Length)
            {
                return true;
            }

            if (starPart < 0 || starInput >= input.Length)
            {
                return false;
            }

            s = ++starInput;
            p = starPart + 1;
        }
    }

    // A variable takes the key's value only when the key has exactly one; a multivalued key cannot stand for one string.
    private static string? Resolve(PatternPart variable, RequestContext? context) =>
        context is not null && context.TryGetValues(variable.Text, out var values) && values.Count == 1
            ? values[0]
            : variable.Default;
}
