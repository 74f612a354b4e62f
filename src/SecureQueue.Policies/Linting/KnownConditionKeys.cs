namespace SecureQueue.Policies.Linting;

/// <summary>The condition keys the gateway can fill: the global keys of reference §1.4, the three SQS tag keys and the front door's keys.</summary>
internal static class KnownConditionKeys
{
    // aws:RequestedRegion is not in §1.4 but is a global key the gateway's authorizer fills, so conditions on it work.
    private static readonly HashSet<string> SingleValued = new(StringComparer.OrdinalIgnoreCase)
    {
        "aws:SecureTransport", "aws:SourceIp", "aws:CurrentTime", "aws:EpochTime", "aws:PrincipalArn",
        "aws:PrincipalAccount", "aws:PrincipalType", "aws:username", "aws:userid", "aws:UserAgent",
        "aws:SourceArn", "aws:SourceAccount", "aws:PrincipalOrgID", "aws:ResourceAccount", "aws:TokenIssueTime",
        "aws:MultiFactorAuthPresent", "aws:MultiFactorAuthAge", "aws:SourceVpce", "aws:SourceVpc", "aws:VpcSourceIp",
        "aws:RequestedRegion",
    };

    // One key per tag; each holds a single value.
    // The front door's request headers (execute-api:RequestHeader/<name>) are keyed the same way, one key per header.
    private static readonly string[] TagPrefixes = ["aws:PrincipalTag/", "aws:RequestTag/", "aws:ResourceTag/", "execute-api:RequestHeader/"];

    /// <summary>aws:TagKeys is multivalued: the tag keys of the request.</summary>
    private const string TagKeys = "aws:TagKeys";

    // The front door's JWT claims, one key per claim: a claim that is a JSON array is multivalued, others single.
    private const string JwtClaimPrefix = "execute-api:JwtClaim/";

    public static bool IsKnown(string key) =>
        IsSingleValued(key) || key.Equals(TagKeys, StringComparison.OrdinalIgnoreCase)
        || (key.Length > JwtClaimPrefix.Length && key.StartsWith(JwtClaimPrefix, StringComparison.OrdinalIgnoreCase));

    public static bool IsSingleValued(string key) =>
        SingleValued.Contains(key)
        || TagPrefixes.Any(p => key.Length > p.Length && key.StartsWith(p, StringComparison.OrdinalIgnoreCase));
}
