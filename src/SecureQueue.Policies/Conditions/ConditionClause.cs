using SecureQueue.Policies.Documents;
using SecureQueue.Policies.Evaluation;

namespace SecureQueue.Policies.Conditions;

/// <summary>The result of one condition clause, kept apart so an explanation can say a key was missing.</summary>
internal enum ClauseOutcome
{
    Satisfied,
    KeyMissing,
    NotSatisfied,
}

/// <summary>One operator applied to one key, e.g. <c>"StringEquals": {"aws:username": ["a", "b"]}</c>.</summary>
internal sealed class ConditionClause(ConditionOperator op, string key, ConditionValues values)
{
    public ConditionOperator Operator => op;

    public string Key => key;

    /// <summary>
    /// Applies the IAM rules: values OR-ed; negated operators NOT the OR (the value must differ from all of them); the
    /// missing-key rule (false, but true for negated operators, for IfExists, and for ForAllValues); Null per its values.
    /// A tag key holding several values is judged value by value, against the statement: see <see cref="HoldsForEachTagValue"/>.
    /// </summary>
    public ClauseOutcome Evaluate(RequestContext context, PolicyEffect effect)
    {
        var present = context.TryGetValues(key, out var requestValues);
        if (op.Family == ConditionFamily.Null)
        {
            // ForAllValues:Null is vacuously true and ForAnyValue:Null always false, as Access Analyzer documents.
            var holds = op.Qualifier switch
            {
                SetQualifier.ForAllValues => true,
                SetQualifier.ForAnyValue => false,
                _ => ((NullConditionValues)values).Holds(present),
            };
            return holds ? ClauseOutcome.Satisfied : ClauseOutcome.NotSatisfied;
        }

        if (!present)
        {
            var holds = op.IfExists || op.Qualifier switch
            {
                SetQualifier.ForAllValues => true,
                SetQualifier.ForAnyValue => false,
                _ => op.Negated,
            };
            return holds ? ClauseOutcome.Satisfied : ClauseOutcome.KeyMissing;
        }

        var satisfied = op.Qualifier == SetQualifier.None && requestValues.Count > 1 && IsSingleValuedTagKey(key)
            ? HoldsForEachTagValue(requestValues, context, effect)
            : Holds(requestValues, context);
        return satisfied ? ClauseOutcome.Satisfied : ClauseOutcome.NotSatisfied;
    }

    private static bool IsSingleValuedTagKey(string name) =>
        name.StartsWith("aws:RequestTag/", StringComparison.OrdinalIgnoreCase) || name.StartsWith("aws:ResourceTag/", StringComparison.OrdinalIgnoreCase);

    // IAM's tag keys have one value each; several (keys differing only by case) must never help the caller: a Deny applies if
    // any one value satisfies the clause, an Allow only if every value does.
    private bool HoldsForEachTagValue(IReadOnlyList<string> requestValues, RequestContext context, PolicyEffect effect)
    {
        foreach (var value in requestValues)
        {
            var holds = values.AnyMatches(value, context) != op.Negated;
            if (holds == (effect == PolicyEffect.Deny))
            {
                return holds;
            }
        }

        return effect != PolicyEffect.Deny;
    }

    private bool Holds(IReadOnlyList<string> requestValues, RequestContext context)
    {
        switch (op.Qualifier)
        {
            case SetQualifier.ForAllValues:
                foreach (var value in requestValues)
                {
                    if (values.AnyMatches(value, context) == op.Negated)
                    {
                        return false;
                    }
                }

                return true;
            case SetQualifier.ForAnyValue:
                foreach (var value in requestValues)
                {
                    if (values.AnyMatches(value, context) != op.Negated)
                    {
                        return true;
                    }
                }

                return false;
            default:
                // Without a qualifier a multivalued key behaves like ForAnyValue for positive operators; a negated operator
                // holds only if no request value matches any policy value (NOT of the whole OR).
                var any = false;
                foreach (var value in requestValues)
                {
                    if (values.AnyMatches(value, context))
                    {
                        any = true;
                        break;
                    }
                }

                return any != op.Negated;
        }
    }
}
