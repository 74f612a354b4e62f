using SecureQueue.Policies.Documents;

namespace SecureQueue.Cli.Commands;

/// <summary>Reads and compiles policy files once per run (cases share them), collecting every problem instead of stopping at the first.</summary>
internal sealed class PolicyLoader
{
    private readonly Dictionary<(string Path, PolicyKind Kind), PolicyParseResult> cache = [];

    /// <summary>The compiled policy, or null after adding the reason (missing file, every grammar error) to <paramref name="problems"/>.</summary>
    public PolicyDocument? Load(string path, PolicyKind kind, List<string> problems)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            problems.Add($"{PolicyFiles.Display(full)}: no such {kind.Name()} policy file");
            return null;
        }

        if (!cache.TryGetValue((full, kind), out var result))
        {
            cache[(full, kind)] = result = PolicyDocument.Parse(File.ReadAllText(full), PolicyFiles.Display(full), kind);
        }

        problems.AddRange(result.Errors.Select(e => $"{e.Source}:{e.Line}:{e.Column}: {e.Code}: {e.Message}"));
        return result.Document;
    }

    /// <summary>Every guardrail in a directory (recursively, as the gateway loads them) or one guardrail file.</summary>
    public List<PolicyDocument> LoadGuardrails(string path, List<string> problems)
    {
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            problems.Add($"{PolicyFiles.Display(Path.GetFullPath(path))}: no such guardrail file or directory");
            return [];
        }

        return [.. PolicyFiles.GuardrailFiles(path).Select(f => Load(f, PolicyKind.Guardrail, problems)).OfType<PolicyDocument>()];
    }
}
