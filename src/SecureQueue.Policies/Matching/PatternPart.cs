namespace SecureQueue.Policies.Matching;

/// <summary>The kinds of piece a compiled pattern is made of.</summary>
internal enum PatternPartKind
{
    Literal,
    AnyRun,
    AnyChar,
    Variable,
}

/// <summary>One piece of a pattern: literal text, <c>*</c>, <c>?</c>, or a policy variable with its optional default.</summary>
internal readonly record struct PatternPart(PatternPartKind Kind, string Text = "", string? Default = null);

/// <summary>The result of matching a pattern that may contain policy variables.</summary>
internal enum PatternMatch
{
    NoMatch,
    Match,

    /// <summary>A variable has no value and no default: IAM treats the pattern as matching nothing.</summary>
    Unresolved,
}

/// <summary>Why a pattern could not be compiled: an error code and a message.</summary>
internal readonly record struct PatternProblem(string Code, string Message);
