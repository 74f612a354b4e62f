using SecureQueue.Policies.Conditions;

namespace SecureQueue.Policies.Linting;

/// <summary>
/// FOR_ALL_VALUES_WITH_SINGLE_VALUED_KEY: ForAllValues is vacuously true when the key is absent, so on a single-valued key
/// it reads as a restriction yet admits every request without the key.
/// </summary>
internal static class ForAllValuesRule
{
    public static void Check(LintContext context)
    {
        foreach (var clause in context.Statements.SelectMany(s => s.Clauses))
        {
            if (clause.Operator.Qualifier == SetQualifier.ForAllValues && KnownConditionKeys.IsSingleValued(clause.Key))
            {
                context.Report(
                    FindingType.SecurityWarning,
                    LintCodes.ForAllValuesWithSingleValuedKey,
                    $"{clause.Operator.Name} on the single-valued key \"{clause.Key}\" is true whenever the key is absent; drop the ForAllValues: qualifier.",
                    clause.Offset,
                    clause.Path);
            }
        }
    }
}
