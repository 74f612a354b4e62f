using SecureQueue.Policies.Conditions;

namespace SecureQueue.Policies.Linting;

/// <summary>NULL_WITH_QUALIFIER: a set qualifier makes Null constant (ForAllValues:Null always true, ForAnyValue:Null always false).</summary>
internal static class NullQualifierRule
{
    public static void Check(LintContext context)
    {
        foreach (var clause in context.Statements.SelectMany(s => s.Clauses))
        {
            if (clause.Operator is { Family: ConditionFamily.Null, Qualifier: not SetQualifier.None })
            {
                var constant = clause.Operator.Qualifier == SetQualifier.ForAllValues ? "true" : "false";
                context.Report(
                    FindingType.Suggestion,
                    LintCodes.NullWithQualifier,
                    $"{clause.Operator.Name} on \"{clause.Key}\" is always {constant}; use Null without a qualifier.",
                    clause.Offset,
                    clause.Path);
            }
        }
    }
}
