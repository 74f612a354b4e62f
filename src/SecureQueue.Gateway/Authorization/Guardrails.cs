using SecureQueue.Policies.Documents;

namespace SecureQueue.Gateway.Authorization;

/// <summary>
/// Deny-only boundary policies (like SCPs) from <c>SecureQueue:GuardrailsDirectory</c>, loaded once at start-up;
/// an invalid one stops start-up. No directory configured means no guardrails.
/// </summary>
public sealed class Guardrails(IReadOnlyList<PolicyDocument> documents)
{
    public IReadOnlyList<PolicyDocument> Documents { get; } = documents;

    public static Guardrails Load(string? directory, string contentRoot)
    {
        if (string.IsNullOrWhiteSpace(directory))
        {
            return new Guardrails([]);
        }

        var path = Path.GetFullPath(directory, contentRoot);
        if (!Directory.Exists(path))
        {
            throw new InvalidOperationException($"SecureQueue:GuardrailsDirectory points to '{path}', which does not exist.");
        }

        var documents = new List<PolicyDocument>();
        foreach (var file in Directory.EnumerateFiles(path, "*.json", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".cases.json", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var name = Path.GetRelativePath(path, file);
            var result = PolicyDocument.Parse(File.ReadAllText(file), "guardrails/" + name, PolicyKind.Guardrail);
            documents.Add(result.Document ?? throw new InvalidOperationException(
                $"SecureQueue:GuardrailsDirectory: guardrail '{name}' is invalid: {string.Join("; ", result.Errors.Take(5).Select(e => $"line {e.Line}, column {e.Column}: {e.Code}"))}"));
        }

        return new Guardrails(documents);
    }
}
