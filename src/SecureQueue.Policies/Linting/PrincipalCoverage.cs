using SecureQueue.Policies.Matching;

namespace SecureQueue.Policies.Linting;

/// <summary>Whether statement A's Principal names everyone statement B's names (identity and guardrail statements have none).</summary>
internal static class PrincipalCoverage
{
    public static bool Covers(LintStatement a, LintStatement b)
    {
        if (a.Compiled.Principal is null || b.Compiled.Principal is null)
        {
            return a.Compiled.Principal is null && b.Compiled.Principal is null;
        }

        return (a.Compiled.PrincipalNegated, b.Compiled.PrincipalNegated) switch
        {
            (false, false) => a.PrincipalIsEveryone || (!b.PrincipalIsEveryone && b.Principals.All(p => Names(a, p))),
            // NotPrincipal "*" excludes everyone, so B then applies to no one.
            (true, true) => b.PrincipalIsEveryone || (!a.PrincipalIsEveryone && a.Principals.All(p => Keys(b).Contains(Key(p)))),
            (false, true) => a.PrincipalIsEveryone,
            _ => false,
        };
    }

    private static bool Names(LintStatement a, LintPrincipal principal)
    {
        var keys = Keys(a);
        return keys.Contains(Key(principal))
            || (principal.Type == "AWS" && AccountOf(principal.Value.Text) is { } account && keys.Contains($"AWS:{account}"));
    }

    private static HashSet<string> Keys(LintStatement statement) => [.. statement.Principals.Select(Key)];

    // "arn:aws:iam::123456789012:root" and "123456789012" both name the whole account; service names are case-insensitive.
    private static string Key(LintPrincipal principal) => principal.Type switch
    {
        "AWS" when principal.Value.Text.EndsWith(":root", StringComparison.Ordinal) && AccountOf(principal.Value.Text) is { } account => $"AWS:{account}",
        "Service" => $"Service:{principal.Value.Text.ToUpperInvariant()}",
        _ => $"{principal.Type}:{principal.Value.Text}",
    };

    private static string? AccountOf(string arn) => ArnText.AccountOf(arn);
}
