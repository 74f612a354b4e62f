namespace SecureQueue.Policies.Linting;

/// <summary>
/// UNKNOWN_CONDITION_KEY: a key the gateway never puts in a request. Positive operators on it never match (an Allow grants
/// nothing) and negated ones always do (a Deny always applies), whatever the author meant.
/// </summary>
internal static class UnknownConditionKeyRule
{
    public static void Check(LintContext context)
    {
        foreach (var clause in context.Statements.SelectMany(s => s.Clauses))
        {
            if (!KnownConditionKeys.IsKnown(clause.Key))
            {
                context.Report(
                    FindingType.Error,
                    LintCodes.UnknownConditionKey,
                    $"\"{clause.Key}\" is not a condition key the gateway fills (the global aws: keys, aws:PrincipalTag/, aws:RequestTag/, aws:ResourceTag/, aws:TagKeys, and the front door's execute-api:RequestHeader/ and execute-api:JwtClaim/), so it is never present in a request.",
                    clause.Offset,
                    clause.Path);
            }
        }
    }
}
