using SecureQueue.Policies.Matching;

namespace SecureQueue.Policies.Linting;

/// <summary>
/// UNKNOWN_ACTION, UNSUPPORTED_SERVICE_IN_ACTION and ACTION_NEEDS_NO_PERMISSION: an action that can never match a
/// request the gateway authorizes. In an Allow it grants nothing, in a Deny it denies nothing, and in NotAction it
/// excludes nothing — the last two widen access silently.
/// </summary>
internal static class UnknownActionRule
{
    // As at AWS, the gateway answers GetCallerIdentity for every authenticated caller: a Deny naming it denies nothing.
    private const string NoPermissionAction = "sts:GetCallerIdentity";

    public static void Check(LintContext context)
    {
        foreach (var statement in context.Statements)
        {
            var element = statement.Compiled.ActionNegated ? "NotAction" : "Action";
            var values = statement.Strings(element);
            for (var i = 0; i < values.Count; i++)
            {
                var pattern = statement.Compiled.Actions[i];
                if (pattern.IsAnyRun || KnownActions.Matching(pattern).Any())
                {
                    continue;
                }

                var value = values[i];
                var service = value.Text[..value.Text.IndexOf(':', StringComparison.Ordinal)];
                if (pattern.Match(NoPermissionAction, null, StringComparison.OrdinalIgnoreCase) == PatternMatch.Match)
                {
                    context.Report(
                        FindingType.Warning,
                        LintCodes.ActionNeedsNoPermission,
                        $"\"{value.Text}\" covers {NoPermissionAction}, which needs no permission: the gateway answers it for every authenticated caller whatever the policies say{(pattern.HasWildcards ? ", and serves no other sts action" : string.Empty)}, so this {element} entry has no effect.",
                        value.Offset,
                        value.Path);
                    continue;
                }

                if (!KnownActions.IsServed(service))
                {
                    context.Report(
                        FindingType.Warning,
                        LintCodes.UnsupportedServiceInAction,
                        $"\"{value.Text}\" belongs to a service this gateway does not serve (it authorizes sqs:, kms:, execute-api: and cloudtrail: actions), so it never matches a request.",
                        value.Offset,
                        value.Path);
                    continue;
                }

                var hint = pattern.HasWildcards ? null : KnownActions.Suggest(value.Text);
                context.Report(
                    FindingType.Error,
                    LintCodes.UnknownAction,
                    $"\"{value.Text}\" matches no {service} action, so this {element} entry never matches a request{(hint is null ? "." : $"; {hint}")}",
                    value.Offset,
                    value.Path);
            }
        }
    }
}
