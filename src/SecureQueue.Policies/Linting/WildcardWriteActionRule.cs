using SecureQueue.Policies.Documents;
using SecureQueue.Policies.Matching;

namespace SecureQueue.Policies.Linting;

/// <summary>
/// WILDCARD_WRITE_ACTION: an Allow whose wildcard (<c>*</c>, <c>sqs:*</c>, <c>sqs:Send*</c>…) or NotAction covers actions that
/// change queues or their access, including ones added to the service later. Read-only wildcards are left alone.
/// </summary>
internal static class WildcardWriteActionRule
{
    private const int Listed = 4;

    public static void Check(LintContext context)
    {
        foreach (var statement in context.Statements.Where(s => s.Effect == PolicyEffect.Allow))
        {
            if (statement.Compiled.ActionNegated)
            {
                var writes = KnownActions.All
                    .Where(a => a.Write && !statement.Compiled.Actions.Any(p => Matches(p, a.Name)))
                    .Select(a => a.Name).ToList();
                if (writes.Count > 0 && statement.Member("NotAction") is { } member)
                {
                    context.Report(
                        FindingType.Warning,
                        LintCodes.WildcardWriteAction,
                        $"{statement.Label} allows every action not in NotAction, including write actions ({Describe(writes)}); list the actions needed in Action.",
                        member.NameOffset,
                        $"{statement.Path}.NotAction");
                }

                continue;
            }

            var values = statement.Strings("Action");
            for (var i = 0; i < values.Count; i++)
            {
                var pattern = statement.Compiled.Actions[i];
                var writes = pattern.HasWildcards ? KnownActions.Matching(pattern).Where(a => a.Write).Select(a => a.Name).ToList() : [];
                if (writes.Count > 0)
                {
                    context.Report(
                        FindingType.Warning,
                        LintCodes.WildcardWriteAction,
                        $"\"{values[i].Text}\" in an Allow grants write actions ({Describe(writes)}) and any added later; list the actions needed.",
                        values[i].Offset,
                        values[i].Path);
                }
            }
        }
    }

    private static bool Matches(PolicyPattern pattern, string action) =>
        pattern.Match(action, null, StringComparison.OrdinalIgnoreCase) == PatternMatch.Match;

    private static string Describe(List<string> actions) => actions.Count <= Listed
        ? string.Join(", ", actions)
        : $"{string.Join(", ", actions.Take(Listed))} and {actions.Count - Listed} more";
}
