namespace SecureQueue.Policies.Linting;

/// <summary>MISSING_VERSION: without a Version the document is read as 2008-10-17, where <c>${…}</c> is not a variable.</summary>
internal static class MissingVersionRule
{
    public static void Check(LintContext context)
    {
        if (context.Document.Version is null)
        {
            context.Report(
                FindingType.Warning,
                LintCodes.MissingVersion,
                "The policy has no Version, so it is read as 2008-10-17 and policy variables such as ${aws:username} are literal text; add \"Version\": \"2012-10-17\".",
                context.Root.Offset,
                "");
        }
    }
}
