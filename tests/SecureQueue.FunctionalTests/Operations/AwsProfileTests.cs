using System.Diagnostics;

namespace SecureQueue.FunctionalTests.Operations;

/// <summary>
/// <c>secq up</c> (what <c>scripts/up.sh</c> runs, passing its arguments on) and the AWS CLI profile it writes: never
/// one that points at another gateway or at AWS; <c>secq</c>, else <c>secq-PORT</c>, else <c>secq-PORT-HASH</c>, or
/// <c>--profile NAME</c>; the output says which. Each run stops after set-up: there is no policies/ directory or connection string to serve with.
/// </summary>
public sealed class AwsProfileTests : IDisposable
{
    private const string OtherGateway = """
        [profile secq]
        region = us-east-1
        ca_bundle = /elsewhere/.data/tls/ca.pem
        endpoint_url = https://localhost:8443
        """;

    private const string OtherCredentials = """
        [secq]
        aws_access_key_id = AKIAOTHERGATEWAY0001
        aws_secret_access_key = otherGatewaySecret
        """;

    private readonly string directory = Path.Combine(Path.GetTempPath(), "secq-profile-" + Guid.NewGuid().ToString("N")[..12]);

    public AwsProfileTests() => Directory.CreateDirectory(Path.Combine(directory, "aws"));

    private string ConfigFile => Path.Combine(directory, "aws", "config");

    private string CredentialsFile => Path.Combine(directory, "aws", "credentials");

    [Fact]
    public async Task Up_NoProfileYet_WritesSecq()
    {
        var (_, output) = await UpAsync("one", 8443);

        Assert.Contains($"AWS CLI profile 'secq' written to {CredentialsFile} and {ConfigFile}", output);
        Assert.Contains("endpoint_url = https://localhost:8443", File.ReadAllText(ConfigFile));
    }

    [Fact]
    public async Task Up_SecqPointsAtAnotherGateway_LeavesItAndWritesSecqPort()
    {
        File.WriteAllText(ConfigFile, OtherGateway + "\n");
        File.WriteAllText(CredentialsFile, OtherCredentials + "\n");

        var (_, output) = await UpAsync("one", 8443);
        var (_, again) = await UpAsync("one", 8443);

        Assert.Contains("AWS CLI profile 'secq' points at https://localhost:8443 with CA bundle /elsewhere/.data/tls/ca.pem: left as it is", output);
        Assert.Contains("AWS CLI profile 'secq-8443' written", output);
        Assert.Contains("AWS CLI profile 'secq-8443' written", again);
        Assert.StartsWith(OtherGateway, File.ReadAllText(ConfigFile), StringComparison.Ordinal);
        Assert.StartsWith(OtherCredentials, File.ReadAllText(CredentialsFile), StringComparison.Ordinal);
        Assert.Contains($"ca_bundle = {Path.Combine(directory, "one", "tls", "ca.pem")}", File.ReadAllText(ConfigFile));
    }

    [Fact]
    public async Task Up_SecqAndSecqPortTaken_WritesOnePerDataDirectory()
    {
        await UpAsync("one", 8443);
        await UpAsync("two", 8443);
        var (_, third) = await UpAsync("three", 8443);

        Assert.Matches("AWS CLI profile 'secq-8443-[0-9a-f]{8}' written", third);
        var config = File.ReadAllText(ConfigFile);
        foreach (var data in new[] { "one", "two", "three" })
        {
            Assert.Contains($"ca_bundle = {Path.Combine(directory, data, "tls", "ca.pem")}", config);
        }
    }

    [Fact]
    public async Task Up_ProfileOfAWS_IsNeverOverwritten()
    {
        File.WriteAllText(CredentialsFile, OtherCredentials + "\n");

        var (_, output) = await UpAsync("one", 8443);

        Assert.Contains("'secq' points at AWS itself (no endpoint_url): left as it is", output);
        Assert.StartsWith(OtherCredentials, File.ReadAllText(CredentialsFile), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Up_ProfileOptionTakenByAnotherGateway_RefusesAndWritesNothing()
    {
        File.WriteAllText(ConfigFile, OtherGateway + "\n");
        File.WriteAllText(CredentialsFile, OtherCredentials + "\n");

        var (exitCode, output) = await UpAsync("one", 8443, "--profile", "secq");

        Assert.Equal(2, exitCode);
        Assert.Contains("secq: AWS CLI profile 'secq' exists and points at https://localhost:8443 with CA bundle /elsewhere/.data/tls/ca.pem, not at this gateway", output);
        Assert.Equal(OtherGateway + "\n", File.ReadAllText(ConfigFile));
        Assert.Equal(OtherCredentials + "\n", File.ReadAllText(CredentialsFile));
    }

    [Fact]
    public async Task Up_ProfileOption_WritesThatName()
    {
        File.WriteAllText(ConfigFile, OtherGateway + "\n");

        var (_, output) = await UpAsync("one", 9443, "--profile", "mine");
        var config = File.ReadAllText(ConfigFile);

        Assert.Contains("AWS CLI profile 'mine' written", output);
        Assert.Contains("Try: aws --profile mine --endpoint-url https://localhost:9443", output);
        Assert.Contains("[profile mine]", config);
        Assert.StartsWith(OtherGateway, config, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    /// <summary>Runs <c>secq up</c>; standard output and error together, so the order of lines is what a developer sees.</summary>
    private async Task<(int ExitCode, string Output)> UpAsync(string dataDirectory, int port, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "secq.dll"), "up", "--data-dir", dataDirectory, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture) }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = CredentialsFile;
        start.Environment["AWS_CONFIG_FILE"] = ConfigFile;
        start.Environment.Remove("ConnectionStrings__SecureQueue");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var all = await output + await error;
        Assert.NotEqual(0, process.ExitCode);
        return (process.ExitCode, all);
    }
}
