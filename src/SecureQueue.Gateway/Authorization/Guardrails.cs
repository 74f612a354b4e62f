using SecureQueue.Policies.Documents;

namespace SecureQueue.Gateway.Authorization;

/// <summary>
/// Deny-only boundary policies (like SCPs) from <c>SecureQueue:GuardrailsDirectory</c>, as one load of the directory saw
/// them; an invalid one stops start-up, and a reload that meets one keeps those in force (<see cref="GuardrailSource"/>).
/// No directory configured means no guardrails.
/// </summary>
public sealed class Guardrails(IReadOnlyList<PolicyDocument> documents, IReadOnlyDictionary<string, string>? digests = null)
{
    public IReadOnlyList<PolicyDocument> Documents { get; } = documents;

    /// <summary>SHA-256 of each guardrail's text by its source name, so that a reload can name what it changed.</summary>
    public IReadOnlyDictionary<string, string> Digests { get; } = digests ?? new Dictionary<string, string>();

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
        var digests = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(path, "*.json", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".cases.json", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var name = Path.GetRelativePath(path, file);
            var text = File.ReadAllText(file);
            var result = PolicyDocument.Parse(text, "guardrails/" + name, PolicyKind.Guardrail);
            digests.Add("guardrails/" + name, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text))));
            documents.Add(result.Document ?? throw new InvalidOperationException(
                $"SecureQueue:GuardrailsDirectory: guardrail '{name}' is invalid: {string.Join("; ", result.Errors.Take(5).Select(e => $"line {e.Line}, column {e.Column}: {e.Code}"))}"));
        }

        return new Guardrails(documents, digests);
    }
}
