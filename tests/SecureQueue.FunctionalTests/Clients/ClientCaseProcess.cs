using System.Diagnostics;
using SecureQueue.FunctionalTests.Infrastructure;

namespace SecureQueue.FunctionalTests.Clients;

/// <summary>
/// Runs one case of a client script under tests/clients against a test gateway: a clean AWS environment for the
/// identity, plus the admin credentials (for cases that set a queue up as the admin
/// while acting as a weaker identity), the protocol the client must speak, and a timeout that kills the client.
/// </summary>
public static class ClientCaseProcess
{
    // A move task case makes some forty CLI calls of about a second each here; on a slow CI machine that took over
    // 120 s, so the limit only guards against a client that hangs.
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(300);

    /// <summary>Cases named sender_… run as <see cref="TestIdentity.Sender"/>, nodelete_… as <see cref="TestIdentity.NoDelete"/>, auditor_… as <see cref="TestIdentity.Auditor"/>.</summary>
    public static TestIdentity IdentityFor(string caseName) =>
        caseName.StartsWith("sender_", StringComparison.Ordinal) ? TestIdentity.Sender
        : caseName.StartsWith("nodelete_", StringComparison.Ordinal) ? TestIdentity.NoDelete
        : caseName.StartsWith("auditor_", StringComparison.Ordinal) ? TestIdentity.Auditor
        : TestIdentity.Admin;

    public static async Task<ClientCaseResult> RunAsync(
        string fileName, IEnumerable<string> arguments, string workingDirectory, GatewayFixture fixture, TestIdentity identity, string? expectProtocol)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var environment = start.Environment;
        foreach (var key in environment.Keys.Where(k => k!.StartsWith("AWS_", StringComparison.Ordinal) || k!.StartsWith("SECQ_", StringComparison.Ordinal)).ToList())
        {
            environment.Remove(key!);
        }

        environment["SECQ_ENDPOINT"] = fixture.Gateway.Endpoint.ToString().TrimEnd('/');
        environment["SECQ_ADMIN_ACCESS_KEY_ID"] = TestIdentity.Admin.AccessKeyId;
        environment["SECQ_ADMIN_SECRET_ACCESS_KEY"] = TestIdentity.Admin.SecretAccessKey;
        if (expectProtocol is not null)
        {
            environment["SECQ_EXPECT_PROTOCOL"] = expectProtocol;
        }

        environment["AWS_ACCESS_KEY_ID"] = identity.AccessKeyId;
        environment["AWS_SECRET_ACCESS_KEY"] = identity.SecretAccessKey;
        environment["AWS_DEFAULT_REGION"] = "us-east-1";
        environment["AWS_REGION"] = "us-east-1";
        environment["AWS_CA_BUNDLE"] = fixture.Files.CaFile;
        environment["NODE_EXTRA_CA_CERTS"] = fixture.Files.CaFile;
        environment["AWS_CONFIG_FILE"] = "/dev/null";
        environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        environment["AWS_EC2_METADATA_DISABLED"] = "true";
        environment["AWS_PAGER"] = string.Empty;
        environment["AWS_MAX_ATTEMPTS"] = "1";
        environment["PYTHONDONTWRITEBYTECODE"] = "1";

        var started = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return new ClientCaseResult(-1, await output, $"{await error}\n(killed: no exit within {Timeout.TotalSeconds} s)", started.Elapsed);
        }

        return new ClientCaseResult(process.ExitCode, await output, await error, started.Elapsed);
    }
}

/// <summary>What a client case printed and how it ended.</summary>
public sealed record ClientCaseResult(int ExitCode, string Output, string Error, TimeSpan Elapsed);
