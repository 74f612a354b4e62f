namespace SecureQueue.Policies.Matching;

/// <summary>The kinds of caller a principal string can name.</summary>
internal enum PrincipalType
{
    Anonymous,
    Root,
    User,
    Role,
    AssumedRole,
    OtherAws,
    Service,
}

/// <summary>
/// The caller of a request, parsed once per evaluation from its ARN (or service name).
/// <paramref name="RoleKey"/> is "partition:account:role-name" for a role or a role session, so a role ARN with a path still
/// covers its sessions, whose ARNs carry no path.
/// </summary>
internal sealed record PrincipalIdentity(PrincipalType Type, string Name, string? Account, string? RoleKey)
{
    public static PrincipalIdentity Parse(string principal, string? accountHint)
    {
        if (principal.StartsWith("arn:", StringComparison.Ordinal))
        {
            return ParseArn(principal, accountHint);
        }

        // Service principals are DNS names such as sns.amazonaws.com; anything else is an unauthenticated caller.
        return principal.Contains('.', StringComparison.Ordinal) && !principal.Any(char.IsWhiteSpace)
            ? new PrincipalIdentity(PrincipalType.Service, principal, null, null)
            : new PrincipalIdentity(PrincipalType.Anonymous, principal, null, null);
    }

    private static PrincipalIdentity ParseArn(string arn, string? accountHint)
    {
        Span<Range> ranges = stackalloc Range[ArnText.SegmentCount];
        if (ArnText.Split(arn, ranges) != ArnText.SegmentCount)
        {
            return new PrincipalIdentity(PrincipalType.Anonymous, arn, null, null);
        }

        var partition = arn[ranges[1]];
        var service = arn[ranges[ArnText.ServiceSegment]];
        var account = arn[ranges[ArnText.AccountSegment]];
        var resource = arn[ranges[5]];

        // The account in the ARN wins over a caller-supplied hint: it is what the credentials were issued for.
        var owner = account.Length > 0 ? account : accountHint;
        return (service, resource) switch
        {
            ("iam", "root") => new(PrincipalType.Root, arn, owner, null),
            ("iam", _) when resource.StartsWith("user/", StringComparison.Ordinal) => new(PrincipalType.User, arn, owner, null),
            ("iam", _) when resource.StartsWith("role/", StringComparison.Ordinal) =>
                new(PrincipalType.Role, arn, owner, MakeRoleKey(partition, owner, resource[(resource.LastIndexOf('/') + 1)..])),
            ("sts", _) when resource.StartsWith("assumed-role/", StringComparison.Ordinal) && resource.Split('/') is [_, var role, _, ..] =>
                new(PrincipalType.AssumedRole, arn, owner, MakeRoleKey(partition, owner, role)),
            _ => new(PrincipalType.OtherAws, arn, owner, null),
        };
    }

    public static string MakeRoleKey(string partition, string? account, string roleName) => $"{partition}:{account}:{roleName}";
}
