using SecureQueue.Policies.Documents;

namespace SecureQueue.Policies.Linting;

/// <summary>
/// RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL: an Allow to a service such as <c>sns.amazonaws.com</c> without <c>aws:SourceArn</c>
/// or <c>aws:SourceAccount</c> lets any customer's resource of that service act on the queue (the confused deputy).
/// </summary>
internal static class ServicePrincipalRule
{
    public static void Check(LintContext context)
    {
        foreach (var statement in context.Statements)
        {
            if (statement is not { Effect: PolicyEffect.Allow, Compiled.PrincipalNegated: false }
                || RestrictingConditions.Any(statement, RestrictingConditions.SourceKeys))
            {
                continue;
            }

            // One finding per statement, at its first service principal: the fix (a condition) is per statement.
            foreach (var service in statement.Principals.Where(p => p.Type == "Service").Take(1))
            {
                context.Report(
                    FindingType.SecurityWarning,
                    LintCodes.RestrictAccessToServicePrincipal,
                    $"{statement.Label} allows the service principal \"{service.Value.Text}\" without an aws:SourceArn or aws:SourceAccount condition, so any resource of that service, in any account, can use this grant.",
                    service.Value.Offset,
                    service.Value.Path);
            }
        }
    }
}
