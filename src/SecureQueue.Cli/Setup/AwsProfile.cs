using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace SecureQueue.Cli.Setup;

/// <summary>
/// The AWS CLI and SDK profile of one local gateway, written into the developer's shared credentials and config
/// files (honouring AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE as the SDKs do). A profile that exists and points
/// anywhere else (another checkout's gateway, another port, AWS itself) is never overwritten.
/// </summary>
internal static partial class AwsProfile
{
    public const string DefaultName = "secq";
    public const string Region = "us-east-1";

    /// <summary>
    /// Writes <paramref name="requested"/>, refusing it when it belongs to something else; without one, the first of
    /// <c>secq</c>, <c>secq-PORT</c>, <c>secq-PORT-HASH</c> (HASH names the data directory) that is free or already this gateway's.
    /// </summary>
    public static ProfileWritten Write(DevCredentials credentials, string caBundle, int port, string? requested)
    {
        var credentialsFile = FromEnvironment("AWS_SHARED_CREDENTIALS_FILE", "credentials");
        var configFile = FromEnvironment("AWS_CONFIG_FILE", "config");
        var target = new ProfileTarget($"https://localhost:{port}", caBundle);
        var existing = new ProfileFiles(Read(credentialsFile), Read(configFile));
        var passedOver = new List<string>();
        string name;
        if (requested is not null)
        {
            if (!NamePattern().IsMatch(requested))
            {
                throw new InvalidOperationException($"--profile '{requested}' is not a profile name (letters, digits, '.', '_' and '-').");
            }

            if (existing.Owner(requested, target) is { } other)
            {
                throw new InvalidOperationException(
                    $"AWS CLI profile '{requested}' exists and points at {other}, not at this gateway; it was left as it is. Pick another --profile, or remove that profile first.");
            }

            name = requested;
        }
        else
        {
            name = string.Empty;
            foreach (var candidate in Candidates(port, caBundle))
            {
                if (existing.Owner(candidate, target) is { } other)
                {
                    passedOver.Add($"'{candidate}' points at {other}");
                    continue;
                }

                name = candidate;
                break;
            }

            if (name.Length == 0)
            {
                throw new InvalidOperationException($"Every AWS CLI profile name for this gateway is taken ({string.Join("; ", passedOver)}): pass --profile NAME.");
            }
        }

        Update(credentialsFile, name, [new("aws_access_key_id", credentials.AccessKeyId), new("aws_secret_access_key", credentials.SecretAccessKey)]);
        Update(configFile, ConfigSection(name), [new("region", Region), new("ca_bundle", caBundle), new("endpoint_url", target.Endpoint)]);
        return new ProfileWritten(name, credentialsFile, configFile, passedOver);
    }

    private static IEnumerable<string> Candidates(int port, string caBundle)
    {
        var where = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(caBundle))))[..8];
        return [DefaultName, $"{DefaultName}-{port}", $"{DefaultName}-{port}-{where}"];
    }

    // The config file names every profile but the default one "profile NAME".
    private static string ConfigSection(string name) => name == "default" ? name : $"profile {name}";

    private static string FromEnvironment(string variable, string fileName) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } path
            ? Path.GetFullPath(path)
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".aws", fileName);

    private static string Read(string file) => File.Exists(file) ? File.ReadAllText(file) : string.Empty;

    private static void Update(string file, string section, KeyValuePair<string, string>[] entries)
    {
        var directory = Path.GetDirectoryName(file);
        if (directory is not null && !Directory.Exists(directory))
        {
            SecretFiles.EnsurePrivateDirectory(directory);
        }

        var existing = Read(file);
        var updated = IniSections.Replace(existing, section, entries);
        if (updated != existing)
        {
            SecretFiles.WriteSecret(file, updated);
        }
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}\\z")]
    private static partial Regex NamePattern();

    /// <summary>What makes a profile this gateway's: its endpoint and the CA bundle of its data directory.</summary>
    private sealed record ProfileTarget(string Endpoint, string CaBundle);

    private sealed record ProfileFiles(string Credentials, string Config)
    {
        /// <summary>Null when the profile is free or already this gateway's; otherwise where it points.</summary>
        public string? Owner(string name, ProfileTarget target)
        {
            var config = IniSections.Read(Config, ConfigSection(name));
            var credentials = IniSections.Read(Credentials, name);
            if (config is null && credentials is null)
            {
                return null;
            }

            var endpoint = config?.GetValueOrDefault("endpoint_url");
            var caBundle = config?.GetValueOrDefault("ca_bundle");
            if (endpoint == target.Endpoint && caBundle == target.CaBundle)
            {
                return null;
            }

            return endpoint is null ? "AWS itself (no endpoint_url)" : $"{endpoint} with CA bundle {caBundle ?? "(none)"}";
        }
    }
}

/// <summary>The profile written, its files, and each name passed over because it points at another gateway.</summary>
internal sealed record ProfileWritten(string Name, string CredentialsFile, string ConfigFile, IReadOnlyList<string> PassedOver);
