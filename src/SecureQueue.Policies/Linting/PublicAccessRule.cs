using SecureQueue.Policies.Documents;

namespace SecureQueue.Policies.Linting;

/// <summary>
/// PUBLIC_ACCESS: a queue-policy Allow to <c>"*"</c> or <c>{"AWS": "*"}</c> — everyone, anonymous callers included — with no
/// condition bounding the caller (Access Analyzer leaves this to CheckNoPublicAccess; reference §2.1).
/// </summary>
internal static class PublicAccessRule
{
    public static void Check(LintContext context)
    {
        foreach (var statement in context.Statements)
        {
            if (statement is { Effect: PolicyEffect.Allow, PrincipalIsEveryone: true, Compiled.PrincipalNegated: false }
                && !RestrictingConditions.Any(statement, RestrictingConditions.CallerKeys)
                && statement.Member("Principal") is { } principal)
            {
                context.Report(
                    FindingType.SecurityWarning,
                    LintCodes.PublicAccess,
                    $"{statement.Label} allows everyone, anonymous callers included, with no condition on the caller "
                    + "(aws:SourceArn, aws:SourceAccount, aws:SourceIp, aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalOrgID…); name the principals or add one.",
                    principal.Value.Offset,
                    $"{statement.Path}.Principal");
            }
        }
    }
}
