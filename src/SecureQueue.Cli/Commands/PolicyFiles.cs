using SecureQueue.Policies.Documents;

namespace SecureQueue.Cli.Commands;

/// <summary>A policy file found under the paths given: where to read it, how to show it, and which kind it is.</summary>
internal sealed record PolicyFile(string FullPath, string Display, PolicyKind Kind);

/// <summary>Finds policy and case files and names them the same way in every command.</summary>
internal static class PolicyFiles
{
    public const string DefaultDirectory = "policies";
    public const string CaseSuffix = ".cases.json";

    /// <summary>
    /// Every <c>*.json</c> policy under <paramref name="paths"/> (default <c>policies/</c>), sorted; directories skip case files
    /// and identities files, while a file named explicitly is always taken. False after reporting a path that does not exist.
    /// </summary>
    public static bool TryFindPolicies(IReadOnlyList<string> paths, PolicyKind? kind, TextWriter error, out List<PolicyFile> files)
    {
        var found = Enumerate(paths, error, name => !name.EndsWith(CaseSuffix, StringComparison.Ordinal) && !name.StartsWith("identities", StringComparison.Ordinal));
        files = found is null ? [] : [.. found.Select(f => new PolicyFile(f, Display(f), kind ?? KindOf(f)))];
        return found is not null;
    }

    /// <summary>Every <c>*.cases.json</c> under <paramref name="paths"/> (default <c>policies/</c>), sorted.</summary>
    public static bool TryFindCaseFiles(IReadOnlyList<string> paths, TextWriter error, out List<string> files)
    {
        var found = Enumerate(paths, error, name => name.EndsWith(CaseSuffix, StringComparison.Ordinal));
        files = found ?? [];
        return found is not null;
    }

    /// <summary>
    /// The kind of a policy from its nearest enclosing directory named guardrails, queues, routes (front door route policies), identities or policies; the walk
    /// stops at "policies" so an unrelated ancestor (say /srv/queues/repo/policies/x.json) does not decide.
    /// </summary>
    public static PolicyKind KindOf(string fullPath)
    {
        for (var directory = Path.GetDirectoryName(fullPath); !string.IsNullOrEmpty(directory); directory = Path.GetDirectoryName(directory))
        {
            switch (Path.GetFileName(directory))
            {
                case "guardrails":
                    return PolicyKind.Guardrail;
                case "queues" or "routes":
                    return PolicyKind.Resource;
                case "identities" or DefaultDirectory:
                    return PolicyKind.Identity;
            }
        }

        return PolicyKind.Identity;
    }

    /// <summary>The policy files of a guardrails directory (or one file), as the gateway loads them.</summary>
    public static List<string> GuardrailFiles(string path) => File.Exists(path)
        ? [Path.GetFullPath(path)]
        : [.. Directory.EnumerateFiles(path, "*.json", Recursive).Where(f => !f.EndsWith(CaseSuffix, StringComparison.Ordinal)).Order(StringComparer.Ordinal)];

    /// <summary>A path relative to the working directory when it lies under it, else absolute; always with '/'.</summary>
    public static string Display(string fullPath)
    {
        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), fullPath);
        var shown = relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? fullPath : relative;
        return shown.Replace(Path.DirectorySeparatorChar, '/');
    }

    public static PolicyKind? ParseKind(string? text) => text switch
    {
        "identity" => PolicyKind.Identity,
        "resource" or "queue" => PolicyKind.Resource,
        "guardrail" => PolicyKind.Guardrail,
        _ => null,
    };

    public static string Name(this PolicyKind kind) => kind switch
    {
        PolicyKind.Guardrail => "guardrail",
        PolicyKind.Resource => "resource",
        _ => "identity",
    };

    // Hidden entries (.git, editor files) are skipped, as is anything a symbolic link would pull in twice.
    private static readonly EnumerationOptions Recursive = new() { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.Hidden | FileAttributes.System | FileAttributes.ReparsePoint };

    private static List<string>? Enumerate(IReadOnlyList<string> paths, TextWriter error, Func<string, bool> include)
    {
        var files = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var path in paths.Count == 0 ? [DefaultDirectory] : paths)
        {
            var full = Path.GetFullPath(path);
            if (File.Exists(full))
            {
                files.Add(full);
            }
            else if (Directory.Exists(full))
            {
                files.UnionWith(Directory.EnumerateFiles(full, "*.json", Recursive).Where(f => include(Path.GetFileName(f))));
            }
            else
            {
                error.WriteLine($"secq policy: {path}: no such file or directory");
                return null;
            }
        }

        return [.. files];
    }
}
