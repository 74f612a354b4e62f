using System.Diagnostics;

namespace SecureQueue.FunctionalTests.Infrastructure;

/// <summary>Runs a real client (python/boto3, node/@aws-sdk, aws CLI) as a process against a test gateway.</summary>
public static class ClientProcess
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string ClientsDirectory => Path.Combine(RepositoryRoot, "tests", "clients");

    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(
        string fileName, IEnumerable<string> arguments, GatewayFixture fixture, TestIdentity identity, string? workingDirectory = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? ClientsDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var environment = start.Environment;
        foreach (var key in environment.Keys.Where(k => k!.StartsWith("AWS_", StringComparison.Ordinal)).ToList())
        {
            environment.Remove(key!);
        }

        environment["SECQ_ENDPOINT"] = fixture.Gateway.Endpoint.ToString().TrimEnd('/');
        environment["AWS_ACCESS_KEY_ID"] = identity.AccessKeyId;
        environment["AWS_SECRET_ACCESS_KEY"] = identity.SecretAccessKey;
        environment["AWS_DEFAULT_REGION"] = "us-east-1";
        environment["AWS_REGION"] = "us-east-1";
        environment["AWS_CA_BUNDLE"] = fixture.Files.CaFile;
        environment["NODE_EXTRA_CA_CERTS"] = fixture.Files.CaFile;
        environment["AWS_CONFIG_FILE"] = "/dev/null";
        environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        environment["AWS_EC2_METADATA_DISABLED"] = "true";
        environment["PYTHONDONTWRITEBYTECODE"] = "1";

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(cancel.Token);
        return (process.ExitCode, await output, await error);
    }

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SecureQueue.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("SecureQueue.sln not found above the test binaries.");
    }
}
