using System.Text.Json;
using System.Text.RegularExpressions;
using SecureQueue.Policies.Documents;

namespace SecureQueue.Gateway.Identity;

/// <summary>
/// The principals allowed to call the gateway, loaded once at start-up from the identities file. Any
/// problem (unknown policy file, duplicate key, identity without credentials) stops start-up.
/// </summary>
public sealed partial class IdentityStore
{
    private readonly Dictionary<string, (IdentityRecord Identity, string Secret)> byAccessKey;

    private IdentityStore(Dictionary<string, (IdentityRecord, string)> byAccessKey) => this.byAccessKey = byAccessKey;

    public int Count => byAccessKey.Values.Select(v => v.Identity).Distinct().Count();

    public static IdentityStore Load(GatewayOptions options, string contentRoot)
    {
        var path = Path.GetFullPath(options.IdentitiesFile, contentRoot);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"SecureQueue:IdentitiesFile points to '{path}', which does not exist.");
        }

        IdentitiesFile file;
        try
        {
            file = JsonSerializer.Deserialize(File.ReadAllBytes(path), IdentityJson.Default.IdentitiesFile)
                ?? throw new InvalidOperationException($"SecureQueue:IdentitiesFile '{path}' is empty.");
        }
        catch (JsonException exception)
        {
            throw new InvalidOperationException($"SecureQueue:IdentitiesFile '{path}' is not valid JSON (line {exception.LineNumber + 1}).", exception);
        }

        var policiesDirectory = Path.GetFullPath(options.PoliciesDirectory, contentRoot);
        var byKey = new Dictionary<string, (IdentityRecord, string)>(StringComparer.Ordinal);
        foreach (var entry in file.Identities ?? [])
        {
            var identity = new IdentityRecord(
                entry.Name ?? string.Empty, CheckArn(entry, options.AccountId), LoadPolicies(entry, policiesDirectory), entry.Tags ?? new Dictionary<string, string>());
            if (entry.AccessKeys is not { Count: > 0 })
            {
                throw new InvalidOperationException($"SecureQueue:IdentitiesFile: identity '{entry.Name}' has no credential (accessKeys).");
            }

            foreach (var key in entry.AccessKeys)
            {
                if (key.AccessKeyId is not { Length: >= 16 } id || key.SecretAccessKey is not { Length: >= 16 } secret)
                {
                    throw new InvalidOperationException($"SecureQueue:IdentitiesFile: identity '{entry.Name}' has an access key without an id or secret of at least 16 characters.");
                }

                if (!byKey.TryAdd(id, (identity, secret)))
                {
                    throw new InvalidOperationException($"SecureQueue:IdentitiesFile: access key {id} appears twice.");
                }
            }
        }

        return new IdentityStore(byKey);
    }

    public string? SecretFor(string accessKeyId) => byAccessKey.TryGetValue(accessKeyId, out var entry) ? entry.Secret : null;

    public IdentityRecord? Find(string accessKeyId) => byAccessKey.TryGetValue(accessKeyId, out var entry) ? entry.Identity : null;

    private static string CheckArn(IdentityEntry entry, string accountId)
    {
        var match = ArnPattern().Match(entry.Arn ?? string.Empty);
        if (!match.Success || match.Groups[1].Value != accountId)
        {
            throw new InvalidOperationException(
                $"SecureQueue:IdentitiesFile: identity '{entry.Name}' needs an arn like arn:aws:iam::{accountId}:user/NAME or role/NAME in the configured account.");
        }

        return entry.Arn!;
    }

    private static List<PolicyDocument> LoadPolicies(IdentityEntry entry, string policiesDirectory)
    {
        var documents = new List<PolicyDocument>();
        foreach (var name in entry.Policies ?? [])
        {
            var path = Path.GetFullPath(name, policiesDirectory);
            if (!path.StartsWith(policiesDirectory + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(path))
            {
                throw new InvalidOperationException($"SecureQueue:IdentitiesFile: identity '{entry.Name}' names policy '{name}', which is not a file under {policiesDirectory}.");
            }

            var result = PolicyDocument.Parse(File.ReadAllText(path), name, PolicyKind.Identity);
            documents.Add(result.Document ?? throw new InvalidOperationException(
                $"Policy '{name}' of identity '{entry.Name}' is invalid: {string.Join("; ", result.Errors.Take(5).Select(e => $"line {e.Line}, column {e.Column}: {e.Code}"))}"));
        }

        return documents;
    }

    [GeneratedRegex("^arn:aws:iam::([0-9]{12}):(?:user|role)/[A-Za-z0-9+=,.@_/-]{1,128}$")]
    private static partial Regex ArnPattern();
}
