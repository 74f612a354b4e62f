namespace SecureQueue.Policies.Cases;

/// <summary>Stable error codes of case files; JSON problems keep the policy parser's codes (JSON_SYNTAX_ERROR, DUPLICATE_KEY…).</summary>
public static class PolicyCaseCodes
{
    /// <summary>The file is not a JSON array of case objects, or the array is empty.</summary>
    public const string InvalidCaseFile = "INVALID_CASE_FILE";

    /// <summary>A case is not an object, or a field has the wrong JSON type.</summary>
    public const string InvalidFieldType = "INVALID_FIELD_TYPE";

    /// <summary>A required field (name, principal, action, resource, expect) is absent or empty.</summary>
    public const string MissingField = "MISSING_FIELD";

    /// <summary>A field the format does not define; most often a misspelling that would otherwise be ignored.</summary>
    public const string UnknownField = "UNKNOWN_FIELD";

    /// <summary>A field value the format does not accept (expect, a wildcard action, an empty context value…).</summary>
    public const string InvalidValue = "INVALID_VALUE";

    /// <summary>An action the gateway does not authorize; a case with a misspelt action would pass vacuously.</summary>
    public const string UnknownAction = "UNKNOWN_ACTION";

    /// <summary>Two cases in one file with the same name.</summary>
    public const string DuplicateName = "DUPLICATE_NAME";

    /// <summary>Two context keys that differ only by case (condition keys are case-insensitive).</summary>
    public const string DuplicateContextKey = "DUPLICATE_CONTEXT_KEY";

    /// <summary>An expectation that can never hold: a matched Sid with implicitDeny, where no statement matches.</summary>
    public const string ImpossibleExpectation = "IMPOSSIBLE_EXPECTATION";
}
