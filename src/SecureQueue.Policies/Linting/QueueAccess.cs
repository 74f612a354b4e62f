using SecureQueue.Policies.Conditions;
using SecureQueue.Policies.Documents;
using SecureQueue.Policies.Matching;

namespace SecureQueue.Policies.Linting;

/// <summary>Who an Allow statement of a queue policy lets in, from least to most exposed.</summary>
public enum AccessScope
{
    /// <summary>Principals of the queue's own account only.</summary>
    Account,

    /// <summary>AWS service principals (their confused-deputy conditions are a lint finding of their own).</summary>
    Service,

    /// <summary>Everyone, narrowed by a restricting condition that names no account (an organization, a VPC endpoint, a user id).</summary>
    Restricted,

    /// <summary>Principals of another account, named or admitted through a condition.</summary>
    CrossAccount,

    /// <summary>Everyone, anonymous callers included.</summary>
    Public,
}

/// <summary>
/// One Allow statement's grant: its label (<c>Statement[0] (Sid X)</c>), its scope, the other accounts it admits, its
/// actions, the restricting condition keys that decided, and why. Never the policy text itself.
/// </summary>
public sealed record AccessGrant(
    string Statement, AccessScope Scope, IReadOnlyList<string> Accounts, IReadOnlyList<string> Actions, IReadOnlyList<string> RestrictingKeys, string Reason);

/// <summary>
/// Public and cross-account access through a queue policy, as Security Hub SQS.3 and Prowler's
/// <c>sqs_queues_not_publicly_accessible</c> decide it (reference front-door-and-compliance B.6): an Allow to <c>"*"</c> is
/// public unless a condition pins a restricting key to a bounded value with a String or Arn operator; <c>aws:SourceIp</c>
/// alone does not count. Deny statements are not credited with narrowing an Allow: a report errs towards "public".
/// </summary>
public static class QueueAccess
{
    /// <summary>The restricting keys of reference B.6 (Prowler's list).</summary>
    public static readonly IReadOnlySet<string> RestrictingKeys = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "aws:SourceAccount", "aws:SourceOwner", "aws:SourceArn", "aws:PrincipalAccount", "aws:PrincipalArn", "aws:PrincipalOrgID",
        "aws:PrincipalOrgPaths", "aws:ResourceAccount", "aws:SourceVpc", "aws:SourceVpce", "aws:SourceOrgID", "aws:SourceOrgPaths",
        "aws:userid", "aws:username", "aws:CalledVia", "aws:CalledViaFirst", "aws:CalledViaLast",
    };

    private static readonly HashSet<string> AccountKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "aws:SourceAccount", "aws:SourceOwner", "aws:PrincipalAccount", "aws:ResourceAccount",
    };

    private static readonly HashSet<string> ArnKeys = new(StringComparer.OrdinalIgnoreCase) { "aws:SourceArn", "aws:PrincipalArn" };

    private static readonly IReadOnlySet<string> SourceIp = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "aws:SourceIp" };

    /// <summary>One grant per Allow statement of <paramref name="document"/>, compiled from <paramref name="json"/>.</summary>
    public static IReadOnlyList<AccessGrant> Analyze(PolicyDocument document, string json, string ownerAccount)
    {
        var context = PolicyLinter.Context(document, json);
        return [.. context.Statements.Where(s => s.Effect == PolicyEffect.Allow && s.Compiled.Principal is not null).Select(s => Grant(s, ownerAccount))];
    }

    private static AccessGrant Grant(LintStatement statement, string owner)
    {
        var actions = Actions(statement);
        if (statement.Compiled.PrincipalNegated)
        {
            return new(statement.Label, AccessScope.Public, [], actions, [], "Allow with NotPrincipal admits everyone not listed, anonymous callers included");
        }

        if (statement.PrincipalIsEveryone)
        {
            return Everyone(statement, owner, actions);
        }

        var accounts = statement.Principals.Where(p => p.Type == "AWS").Select(p => AccountOf(p.Value.Text)).OfType<string>().ToList();
        var others = accounts.Where(a => a != owner).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (others.Count > 0)
        {
            return new(statement.Label, AccessScope.CrossAccount, others, actions, [], $"names principals of {Plural(others.Count, "another account", "other accounts")}");
        }

        return statement.Principals.Any(p => p.Type == "Service") && accounts.Count == 0
            ? new(statement.Label, AccessScope.Service, [], actions, [], "names AWS service principals")
            : new(statement.Label, AccessScope.Account, [], actions, [], "names principals of the queue's own account");
    }

    private static AccessGrant Everyone(LintStatement statement, string owner, IReadOnlyList<string> actions)
    {
        var restricting = statement.Clauses
            .Where(c => c.Operator.Family is ConditionFamily.String or ConditionFamily.Arn && RestrictingConditions.Restricts(c, RestrictingKeys))
            .ToList();
        if (restricting.Count == 0)
        {
            var reason = statement.Clauses.Any(c => RestrictingConditions.Restricts(c, SourceIp))
                ? "Principal \"*\" limited by aws:SourceIp only, which does not restrict who calls"
                : "Principal \"*\" with no condition that restricts the caller";
            return new(statement.Label, AccessScope.Public, [], actions, [], reason);
        }

        var keys = restricting.Select(c => c.Key).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();
        var pinned = restricting.Where(c => AccountKeys.Contains(c.Key) || ArnKeys.Contains(c.Key))
            .Select(c => c.Values.Select(v => AccountKeys.Contains(c.Key) ? FixedAccount(v) : FixedArnAccount(v)).ToList())
            .Where(values => values.All(v => v is not null))
            .ToList();
        if (pinned.Any(values => values.All(v => v == owner)))
        {
            return new(statement.Label, AccessScope.Account, [], actions, keys, $"Principal \"*\" restricted to the queue's own account by {string.Join(", ", keys)}");
        }

        var others = pinned.SelectMany(v => v).OfType<string>().Where(a => a != owner).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return others.Count > 0
            ? new(statement.Label, AccessScope.CrossAccount, others, actions, keys, $"Principal \"*\" restricted by {string.Join(", ", keys)} to {Plural(others.Count, "another account", "other accounts")}")
            : new(statement.Label, AccessScope.Restricted, [], actions, keys, $"Principal \"*\" restricted by {string.Join(", ", keys)}");
    }

    private static List<string> Actions(LintStatement statement) => statement.Compiled.ActionNegated
        ? [.. statement.Strings("NotAction").Select(a => "NotAction " + a.Text)]
        : [.. statement.Strings("Action").Select(a => a.Text)];

    private static string? AccountOf(string principal) =>
        principal.Length == 12 && principal.All(char.IsAsciiDigit) ? principal : ArnText.AccountOf(principal);

    private static string? FixedAccount(string value) => value.Length == 12 && value.All(char.IsAsciiDigit) ? value : null;

    private static string? FixedArnAccount(string value) => ArnText.AccountOf(value) is { } account ? FixedAccount(account) : null;

    private static string Plural(int count, string one, string many) => count == 1 ? one : $"{count} {many}";
}
