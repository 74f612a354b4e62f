using System.Security.Cryptography;

namespace SecureQueue.Cli.Setup;

/// <summary>
/// Idempotent set-up of a developer machine: a master key, a local CA and server certificate, a
/// development identity and an AWS CLI profile. Each artefact is created only when missing (or, for the
/// certificates, about to expire), so a second run reuses everything and prints the same credentials.
/// </summary>
public static class LocalSetup
{
    public const int DefaultPort = 8443;

    private const int MasterKeyBytes = 32;

    public static SetupResult Ensure(string dataDirectory, string repositoryRoot, TextWriter output) =>
        Ensure(dataDirectory, repositoryRoot, output, DefaultPort, TimeProvider.System);

    /// <param name="profile">The AWS CLI profile to write (<c>--profile</c>); null picks one that no other gateway uses.</param>
    public static SetupResult Ensure(string dataDirectory, string repositoryRoot, TextWriter output, int port, string? profile = null) =>
        Ensure(dataDirectory, repositoryRoot, output, port, TimeProvider.System, profile);

    public static SetupResult Ensure(
        string dataDirectory, string repositoryRoot, TextWriter output, int port, TimeProvider timeProvider, string? profile = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        ArgumentException.ThrowIfNullOrWhiteSpace(repositoryRoot);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        ArgumentNullException.ThrowIfNull(timeProvider);

        var data = Path.GetFullPath(dataDirectory);
        var policies = Path.Combine(Path.GetFullPath(repositoryRoot), "policies");
        output.WriteLine($"Local set-up in {data}");
        SecretFiles.EnsurePrivateDirectory(data);

        var masterKeyFile = Path.Combine(data, "master.key");
        Report(output, "master key", masterKeyFile, EnsureMasterKey(masterKeyFile) ? "missing" : null);

        var tls = LocalCertificates.Ensure(Path.Combine(data, "tls"), timeProvider.GetUtcNow(), output);

        var identitiesFile = Path.Combine(data, "identities.json");
        var (credentials, created) = DevIdentity.Ensure(identitiesFile);
        Report(output, "identities", identitiesFile, created ? "missing" : null);
        if (!File.Exists(Path.Combine(policies, DevIdentity.PolicyFile)))
        {
            output.WriteLine($"  note: {DevIdentity.Name} refers to {Path.Combine(policies, DevIdentity.PolicyFile)}, which does not exist yet");
        }

        var written = AwsProfile.Write(credentials, tls.CaCertificateFile, port, profile);
        foreach (var passedOver in written.PassedOver)
        {
            output.WriteLine($"  AWS CLI profile {passedOver}: left as it is");
        }

        output.WriteLine($"  AWS CLI profile '{written.Name}' written to {written.CredentialsFile} and {written.ConfigFile}");

        PrintCredentials(output, credentials, port, written.Name);
        return new SetupResult(
            data, masterKeyFile, tls.CaCertificateFile, tls.ServerCertificateFile, tls.ServerKeyFile,
            identitiesFile, policies, credentials.AccessKeyId, port, written.Name);
    }

    /// <summary>One line per artefact: created, replaced (and why) or reused.</summary>
    internal static void Report(TextWriter output, string what, string path, string? problem)
    {
        var verb = problem switch
        {
            null => "reused",
            "missing" => "created",
            _ => $"replaced ({problem})",
        };
        output.WriteLine($"  {what,-19} {verb,-8} {path}");
    }

    /// <returns>True when a new key was written.</returns>
    private static bool EnsureMasterKey(string path)
    {
        if (!File.Exists(path))
        {
            SecretFiles.WriteSecret(path, Convert.ToBase64String(RandomNumberGenerator.GetBytes(MasterKeyBytes)));
            return true;
        }

        // Never replace a key that exists: whatever it encrypted would become unreadable.
        if (!IsMasterKey(File.ReadAllText(path)))
        {
            throw new InvalidOperationException(
                $"{path} does not hold {MasterKeyBytes} base64-encoded bytes; fix or remove it deliberately.");
        }

        SecretFiles.Tighten(path);
        return false;
    }

    private static bool IsMasterKey(string text)
    {
        Span<byte> key = stackalloc byte[MasterKeyBytes + 3];
        var valid = Convert.TryFromBase64String(text.Trim(), key, out var written) && written == MasterKeyBytes;
        CryptographicOperations.ZeroMemory(key);
        return valid;
    }

    // The console is the one place the secret is shown, on purpose: the developer needs it once to
    // configure a client other than the AWS CLI. It never goes through ILogger.
    private static void PrintCredentials(TextWriter output, DevCredentials credentials, int port, string profile)
    {
        output.WriteLine();
        output.WriteLine($"Development credentials for {DevIdentity.Arn}:");
        output.WriteLine($"  AWS_ACCESS_KEY_ID={credentials.AccessKeyId}");
        output.WriteLine($"  AWS_SECRET_ACCESS_KEY={credentials.SecretAccessKey}");
        output.WriteLine($"Try: aws --profile {profile} --endpoint-url https://localhost:{port} sqs list-queues");
        output.WriteLine();
    }
}
