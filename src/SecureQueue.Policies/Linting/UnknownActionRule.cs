namespace SecureQueue.Policies.Linting;

/// <summary>
/// UNKNOWN_ACTION and UNSUPPORTED_SERVICE_IN_ACTION: an action that can never match a request. In an Allow it grants
/// nothing, in a Deny it denies nothing, and in NotAction it excludes nothing — the last two widen access silently.
/// </summary>
internal static class UnknownActionRule
{
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
