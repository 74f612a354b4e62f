using SecureQueue.Policies.Documents;

namespace SecureQueue.Policies.Linting;

/// <summary>ALLOW_WITH_NOT_PRINCIPAL: Allow with NotPrincipal grants every principal not listed, anonymous callers included.</summary>
internal static class NotPrincipalRule
{
    public static void Check(LintContext context)
    {
        foreach (var statement in context.Statements)
        {
            if (statement is { Effect: PolicyEffect.Allow, Compiled.PrincipalNegated: true } && statement.Member("NotPrincipal") is { } member)
            {
                context.Report(
                    FindingType.SecurityWarning,
                    LintCodes.AllowWithNotPrincipal,
                    $"{statement.Label} uses Allow with NotPrincipal, which grants every principal not listed, anonymous callers included; name the principals in Principal instead.",
                    member.NameOffset,
                    $"{statement.Path}.NotPrincipal");
            }
        }
    }
}
