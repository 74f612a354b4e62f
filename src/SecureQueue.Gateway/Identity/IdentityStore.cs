using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using SecureQueue.Crypto.Keys;
using SecureQueue.Policies.Documents;

namespace SecureQueue.Gateway.Identity;

/// <summary>
/// The principals allowed to call the gateway, as one load of the identities file and the policy files it names saw
/// them. Any problem (unknown policy file, duplicate credential, identity without credentials) stops start-up, and a
/// reload that meets one keeps the store already loaded (<see cref="IdentitySource"/>).
/// </summary>
public sealed partial class IdentityStore
{
    private readonly Dictionary<string, (IdentityRecord Identity, string Secret)> byAccessKey = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Issuer, string Subject), IdentityRecord> byToken = [];
    private readonly Dictionary<string, IdentityRecord> byCertificate = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IdentityRecord> byArn = new(StringComparer.Ordinal);
    private readonly List<IdentityListing> listing = [];
    private readonly Dictionary<string, string> digests = new(StringComparer.Ordinal);

    private IdentityStore()
    {
    }

    public static IdentityStore Load(GatewayOptions options, string contentRoot)
    {
        var path = Path.GetFullPath(options.IdentitiesFile, contentRoot);
        var bytes = SecretFile.ReadAllBytes(path, "SecureQueue:IdentitiesFile");
        IdentitiesFile file;
        try
        {
            file = JsonSerializer.Deserialize(bytes, IdentityJson.Default.IdentitiesFile)
                ?? throw new InvalidOperationException($"SecureQueue:IdentitiesFile '{path}' is empty.");
        }
        catch (JsonException exception)
        {
            throw new InvalidOperationException($"SecureQueue:IdentitiesFile '{path}' is not valid JSON (line {exception.LineNumber + 1}).", exception);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }

        var policiesDirectory = Path.GetFullPath(options.PoliciesDirectory, contentRoot);
        var store = new IdentityStore();
        foreach (var entry in file.Identities ?? [])
        {
            var (policies, policyTexts) = LoadPolicies(entry, policiesDirectory);
            var identity = new IdentityRecord(entry.Name ?? string.Empty, CheckArn(entry, options.AccountId), policies, CheckTags(entry));
            if (entry.AccessKeys is not { Count: > 0 } && entry.Federated is not { Count: > 0 } && entry.Certificates is not { Count: > 0 })
            {
                throw Invalid($"identity '{entry.Name}' has no credential (accessKeys, federated or certificates).");
            }

            var credentials = store.AddCredentials(entry, identity);
            if (!store.byArn.TryAdd(identity.PrincipalArn, identity))
            {
                throw Invalid($"the arn {identity.PrincipalArn} is used by two identities.");
            }

            store.listing.Add(new IdentityListing(identity, credentials));
            store.digests.Add(identity.PrincipalArn, IdentityDigest.Of(entry, policyTexts));
        }

        return store;
    }

    /// <summary>
    /// A digest of one identity as loaded (name, tags, policy texts, credentials with their secrets), so that a reload
    /// can name the identities it changed. Kept in memory only: it covers secrets, so it is never written out.
    /// </summary>
    public string? DigestOf(string principalArn) => digests.GetValueOrDefault(principalArn);

    /// <summary>Every identity with the ids of its credentials (never a secret), in the file's order: what a report reviews.</summary>
    public IReadOnlyList<IdentityListing> Listing => listing;

    public string? SecretFor(string accessKeyId) => byAccessKey.TryGetValue(accessKeyId, out var entry) ? entry.Secret : null;

    public IdentityRecord? Find(string accessKeyId) => byAccessKey.TryGetValue(accessKeyId, out var entry) ? entry.Identity : null;

    public IdentityRecord? FindByArn(string principalArn) => byArn.GetValueOrDefault(principalArn);

    public IdentityRecord? FindFederated(string issuer, string subject) => byToken.GetValueOrDefault((issuer, subject));

    /// <summary>The identity of a client certificate: by exact subject DN first, then by any of its DNS names.</summary>
    public IdentityRecord? FindCertificate(string subject, IEnumerable<string> dnsNames) =>
        byCertificate.GetValueOrDefault("subject:" + subject) ?? dnsNames.Select(d => byCertificate.GetValueOrDefault("dns:" + d.ToLowerInvariant())).FirstOrDefault(i => i is not null);

    private List<IdentityCredential> AddCredentials(IdentityEntry entry, IdentityRecord identity)
    {
        var credentials = new List<IdentityCredential>();
        foreach (var key in entry.AccessKeys ?? [])
        {
            if (key.AccessKeyId is not { Length: >= 16 } id || key.SecretAccessKey is not { Length: >= 16 } secret)
            {
                throw Invalid($"identity '{entry.Name}' has an access key without an id or secret of at least 16 characters.");
            }

            Unique(byAccessKey.TryAdd(id, (identity, secret)), $"access key {id}");
            credentials.Add(new IdentityCredential(IdentityCredential.AccessKey, id, null));
        }

        foreach (var token in entry.Federated ?? [])
        {
            if (string.IsNullOrWhiteSpace(token.Issuer) || string.IsNullOrWhiteSpace(token.Subject))
            {
                throw Invalid($"identity '{entry.Name}' has a federated credential without issuer or subject.");
            }

            Unique(byToken.TryAdd((token.Issuer, token.Subject), identity), $"federated subject {token.Subject} of {token.Issuer}");
            credentials.Add(new IdentityCredential(IdentityCredential.Federated, token.Subject, token.Issuer));
        }

        foreach (var certificate in entry.Certificates ?? [])
        {
            var key = (certificate.Subject, certificate.Dns) switch
            {
                ({ Length: > 0 } subject, null) => "subject:" + subject,
                (null, { Length: > 0 } dns) => "dns:" + dns.ToLowerInvariant(),
                _ => throw Invalid($"identity '{entry.Name}' has a certificate credential that needs exactly one of subject or dns."),
            };
            Unique(byCertificate.TryAdd(key, identity), $"certificate {key}");
            credentials.Add(new IdentityCredential(IdentityCredential.Certificate, key, null));
        }

        return credentials;
    }

    private static void Unique(bool added, string what)
    {
        if (!added)
        {
            throw Invalid($"{what} appears twice.");
        }
    }

    private static InvalidOperationException Invalid(string message) => new($"SecureQueue:IdentitiesFile: {message}");

    private static string CheckArn(IdentityEntry entry, string accountId)
    {
        var match = ArnPattern().Match(entry.Arn ?? string.Empty);
        if (!match.Success || match.Groups[1].Value != accountId)
        {
            throw Invalid($"identity '{entry.Name}' needs an arn like arn:aws:iam::{accountId}:user/NAME or role/NAME in the configured account.");
        }

        return entry.Arn!;
    }

    // IAM tag keys are case-insensitive, and so is the policy context: "team" and "Team" would fight over one key.
    private static IReadOnlyDictionary<string, string> CheckTags(IdentityEntry entry)
    {
        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var key in entry.Tags?.Keys ?? Enumerable.Empty<string>())
        {
            if (!keys.Add(key))
            {
                throw Invalid($"identity '{entry.Name}' has tag '{key}' twice (tag keys compare case-insensitively).");
            }
        }

        return entry.Tags ?? new Dictionary<string, string>();
    }

    private static (List<PolicyDocument> Documents, List<string> Texts) LoadPolicies(IdentityEntry entry, string policiesDirectory)
    {
        var documents = new List<PolicyDocument>();
        var texts = new List<string>();
        foreach (var name in entry.Policies ?? [])
        {
            var path = Path.GetFullPath(name, policiesDirectory);
            if (!path.StartsWith(policiesDirectory + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(path))
            {
                throw Invalid($"identity '{entry.Name}' names policy '{name}', which is not a file under {policiesDirectory}.");
            }

            var text = File.ReadAllText(path);
            texts.Add(text);
            var result = PolicyDocument.Parse(text, name, PolicyKind.Identity);
            documents.Add(result.Document ?? throw new InvalidOperationException(
                $"Policy '{name}' of identity '{entry.Name}' is invalid: {string.Join("; ", result.Errors.Take(5).Select(e => $"line {e.Line}, column {e.Column}: {e.Code}"))}"));
        }

        return (documents, texts);
    }

    [GeneratedRegex("^arn:aws:iam::([0-9]{12}):(?:user|role)/[A-Za-z0-9+=,.@_/-]{1,128}\\z")]
    private static partial Regex ArnPattern();
}
