using SecureQueue.Policies.Documents;
using SecureQueue.Policies.Evaluation;

namespace SecureQueue.Policies.Linting;

/// <summary>
/// OWNER_ONLY_ACTION_IN_QUEUE_POLICY: SQS ignores a queue policy's Allow for owner-only actions (AddPermission, SetQueueAttributes,
/// TagQueue…), and so does the evaluator; naming one explicitly suggests the author expects it to work.
/// </summary>
internal static class OwnerOnlyActionRule
{
    public static void Check(LintContext context)
    {
        if (context.Kind != PolicyKind.Resource)
        {
            return;
        }

        foreach (var statement in context.Statements)
        {
            if (statement is not { Effect: PolicyEffect.Allow, Compiled.ActionNegated: false })
            {
                continue;
            }

            var values = statement.Strings("Action");
            for (var i = 0; i < values.Count; i++)
            {
                if (!statement.Compiled.Actions[i].HasWildcards && OwnerOnlyActions.Contains(values[i].Text))
                {
                    context.Report(
                        FindingType.Warning,
                        LintCodes.OwnerOnlyActionInQueuePolicy,
                        $"\"{values[i].Text}\" is an owner-only action: a queue policy cannot grant it, so this entry has no effect; grant it in an identity policy of the queue owner's account.",
                        values[i].Offset,
                        values[i].Path);
                }
            }
        }
    }
}
