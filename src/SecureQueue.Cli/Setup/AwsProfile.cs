namespace SecureQueue.Cli.Setup;

/// <summary>
/// The <c>secq</c> profile of the AWS CLI and SDKs, written into the developer's shared credentials and
/// config files (honouring AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE as the SDKs do).
/// </summary>
internal static class AwsProfile
{
    public const string Name = "secq";
    public const string Region = "us-east-1";

    /// <returns>The credentials file and the config file.</returns>
    public static (string CredentialsFile, string ConfigFile) Write(DevCredentials credentials, string caBundle, int port)
    {
        var credentialsFile = FromEnvironment("AWS_SHARED_CREDENTIALS_FILE", "credentials");
        var configFile = FromEnvironment("AWS_CONFIG_FILE", "config");
        Update(credentialsFile, Name,
        [
            new("aws_access_key_id", credentials.AccessKeyId),
            new("aws_secret_access_key", credentials.SecretAccessKey),
        ]);
        Update(configFile, $"profile {Name}",
        [
            new("region", Region),
            new("ca_bundle", caBundle),
            new("endpoint_url", $"https://localhost:{port}"),
        ]);
        return (credentialsFile, configFile);
    }

    private static string FromEnvironment(string variable, string fileName) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } path
            ? Path.GetFullPath(path)
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".aws", fileName);

    private static void Update(string file, string section, KeyValuePair<string, string>[] entries)
    {
        var directory = Path.GetDirectoryName(file);
        if (directory is not null && !Directory.Exists(directory))
        {
            SecretFiles.EnsurePrivateDirectory(directory);
        }

        var existing = File.Exists(file) ? File.ReadAllText(file) : string.Empty;
        var updated = IniSections.Replace(existing, section, entries);
        if (updated != existing)
        {
            SecretFiles.WriteSecret(file, updated);
        }
    }
}
