namespace SecureQueue.Policies.Linting;

/// <summary>The four finding types of IAM Access Analyzer's ValidatePolicy, in decreasing severity.</summary>
public enum FindingType
{
    /// <summary>The policy is wrong: it does not parse, or part of it can never mean what it says.</summary>
    Error,

    /// <summary>The policy grants more than it appears to, or leaves a known attack open.</summary>
    SecurityWarning,

    /// <summary>Works, but is fragile or likely not what the author meant.</summary>
    Warning,

    /// <summary>Clean-up: redundant or shadowed parts with no effect on decisions.</summary>
    Suggestion,
}

/// <summary>Access Analyzer's spelling of the finding types.</summary>
public static class FindingTypeNames
{
    /// <summary><c>ERROR</c>, <c>SECURITY_WARNING</c>, <c>WARNING</c> or <c>SUGGESTION</c>.</summary>
    public static string ToName(this FindingType type) => type switch
    {
        FindingType.Error => "ERROR",
        FindingType.SecurityWarning => "SECURITY_WARNING",
        FindingType.Warning => "WARNING",
        _ => "SUGGESTION",
    };
}
