namespace SecureQueue.Cli.Setup;

/// <summary>
/// Where <see cref="LocalSetup"/> left each artefact of a local set-up. Paths are absolute. The secret
/// access key is deliberately absent: it exists only in the identities file, the AWS CLI profile and the
/// one console line that shows it to the developer.
/// </summary>
public sealed record SetupResult(
    string DataDirectory,
    string MasterKeyFile,
    string CaCertificateFile,
    string ServerCertificateFile,
    string ServerKeyFile,
    string IdentitiesFile,
    string PoliciesDirectory,
    string AccessKeyId,
    int Port,
    string AwsProfile);
