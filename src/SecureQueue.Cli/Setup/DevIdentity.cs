using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace SecureQueue.Cli.Setup;

/// <summary>An access key pair of the development identity.</summary>
internal sealed record DevCredentials(string AccessKeyId, string SecretAccessKey)
{
    // Printing a record would print the secret; keep it out of any accidental ToString().
    public override string ToString() => AccessKeyId;
}

/// <summary>
/// The development identity in identities.json. An existing file is never rewritten: it may hold
/// identities a developer added, and replacing the key would break every client configured with it.
/// </summary>
internal static class DevIdentity
{
    public const string Name = "dev";
    public const string Arn = "arn:aws:iam::000000000000:user/dev";
    public const string PolicyFile = "dev-full-access.json";

    private const string AccessKeyIdAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    // Alphanumeric only, unlike AWS's base64-like secrets, so a double-click selects the whole secret.
    private const string SecretAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <returns>The credentials, and whether the file was created by this call.</returns>
    public static (DevCredentials Credentials, bool Created) Ensure(string identitiesFile)
    {
        if (File.Exists(identitiesFile))
        {
            SecretFiles.Tighten(identitiesFile);
            DevCredentials? existing;
            try
            {
                existing = Read(File.ReadAllText(identitiesFile));
            }
            catch (JsonException e)
            {
                throw new InvalidOperationException($"{identitiesFile} is not valid JSON: {e.Message}", e);
            }

            return (existing ?? throw new InvalidOperationException(
                $"{identitiesFile} exists but has no access key for identity '{Name}'; "
                + "add one, or move the file away to have a new one generated."), false);
        }

        var credentials = NewCredentials();
        SecretFiles.WriteSecret(identitiesFile, Render(credentials));
        return (credentials, true);
    }

    internal static DevCredentials NewCredentials() => new(
        "AKIA" + RandomNumberGenerator.GetString(AccessKeyIdAlphabet, 16),
        RandomNumberGenerator.GetString(SecretAlphabet, 40));

    internal static string Render(DevCredentials credentials)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteStartArray("identities");
            json.WriteStartObject();
            json.WriteString("name", Name);
            json.WriteString("arn", Arn);
            json.WriteStartArray("accessKeys");
            json.WriteStartObject();
            json.WriteString("accessKeyId", credentials.AccessKeyId);
            json.WriteString("secretAccessKey", credentials.SecretAccessKey);
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteStartArray("policies");
            json.WriteStringValue(PolicyFile);
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>The first access key of the development identity, or null when the document has none.</summary>
    internal static DevCredentials? Read(string json)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        if (!document.RootElement.TryGetProperty("identities", out var identities) || identities.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var identity in identities.EnumerateArray())
        {
            if (identity.ValueKind == JsonValueKind.Object
                && identity.TryGetProperty("name", out var name) && name.ValueEquals(Name)
                && identity.TryGetProperty("accessKeys", out var keys) && keys.ValueKind == JsonValueKind.Array
                && keys.EnumerateArray().FirstOrDefault() is { ValueKind: JsonValueKind.Object } key
                && key.TryGetProperty("accessKeyId", out var id) && id.GetString() is { Length: > 0 } accessKeyId
                && key.TryGetProperty("secretAccessKey", out var secret) && secret.GetString() is { Length: > 0 } secretAccessKey)
            {
                return new DevCredentials(accessKeyId, secretAccessKey);
            }
        }

        return null;
    }
}
