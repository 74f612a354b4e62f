using System.Diagnostics;
using SecureQueue.FunctionalTests.Cli;
using SecureQueue.FunctionalTests.Infrastructure;
using Xunit.Abstractions;

namespace SecureQueue.FunctionalTests.Deployment;

/// <summary>
/// The <c>dotnet publish</c> output run as compose runs gateway-a: the image's environment and then the service's, nothing
/// inherited; each secret, bind mount and volume at a directory of the test's (where a container would mount it); the
/// database host mapped to the test cluster. The gateway must start, serve, write nothing into its application directory
/// (the image's root file system is read-only), and its role must be the least-privilege one.
/// </summary>
public sealed class PublishedGatewayTests(ITestOutputHelper log) : IAsyncLifetime
{
    private const string Gateway = "gateway-a";
    private readonly GatewayWorkspace workspace = new();
    private string root = "";

    public async Task InitializeAsync()
    {
        await workspace.InitializeAsync();
        root = Directory.CreateTempSubdirectory("secq-published-").FullName;
    }

    public async Task DisposeAsync()
    {
        await workspace.DisposeAsync();
        Directory.Delete(root, recursive: true);
    }

    [Fact]
    public async Task PublishedOutput_WithComposeEnvironment_ServesAndWritesOnlyItsVolume()
    {
        var compose = await ComposeFile.LoadAsync();
        var image = RuntimeImage.Load();
        var app = await PublishAsync();
        var mounts = new ComposeMounts(root, workspace, compose, Gateway);
        var port = TestPorts.Next();
        var opsPort = TestPorts.Next();
        var before = Snapshot(app);

        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = app, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment.Clear();
        start.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH");
        start.Environment["HOME"] = mounts.Home;
        foreach (var (name, value) in image.Environment.Concat(compose.Environment(Gateway)))
        {
            start.Environment[name] = mounts.Map(value);
        }

        start.Environment["ConnectionStrings__SecureQueue"] = mounts.Connection(start.Environment["ConnectionStrings__SecureQueue"]!);
        // The ops listener's port, like the API's, is the container's own: a free local one here.
        start.Environment["SecureQueue__Ops__Url"] = start.Environment["SecureQueue__Ops__Url"]!.Replace(":9464", $":{opsPort}", StringComparison.Ordinal);
        start.ArgumentList.Add(Path.Combine(app, "secq.dll"));
        foreach (var argument in compose.Command(Gateway))
        {
            // The container's port 8443 published as a free local port, as compose's ports: would.
            start.ArgumentList.Add(argument.Replace("https://0.0.0.0:8443", $"https://127.0.0.1:{port}", StringComparison.Ordinal));
        }

        Assert.NotEqual(0, await HealthCheckAsync(compose, opsPort));
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            await ServeOneMessageAsync(new Uri($"https://localhost:{port}/"), process);
            Assert.Equal(0, await HealthCheckAsync(compose, opsPort));
        }
        finally
        {
            // SIGTERM, as docker stop sends: the gateway shuts down gracefully and writes its last checkpoint.
            using (var stop = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await stop.WaitForExitAsync();
            }

            await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
            log.WriteLine(await output);
            log.WriteLine(await error);
        }

        Assert.Equal(0, process.ExitCode);
        Assert.Equal(before, Snapshot(app));
        Assert.True(File.Exists(mounts.Map(compose.Environment(Gateway)["SecureQueue__Audit__CheckpointFile"])), "the checkpoint file is on the volume");
        Assert.DoesNotContain(mounts.GatewayPassword, await output + await error, StringComparison.Ordinal);
    }

    /// <summary>Runs the compose file's gateway health check (its command, with the ops port mapped as above); returns its exit code.</summary>
    private static async Task<int> HealthCheckAsync(ComposeFile compose, int opsPort)
    {
        var check = compose.HealthCheck(Gateway).Select(a => a.Replace("/9464", $"/{opsPort}", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(check);
        return (await ChildProcess.RunAsync(check[0], [.. check.Skip(1)])).Code;
    }

    private async Task ServeOneMessageAsync(Uri endpoint, Process process)
    {
        using var client = new SignedClient(endpoint, workspace.Files.CaFile);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                using var listed = await client.JsonAsync("ListQueues", "{}", TestIdentity.Admin);
                Assert.Equal(200, (int)listed.StatusCode);
                break;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(100);
            }
        }

        using var created = await client.JsonAsync("CreateQueue", """{"QueueName":"published"}""", TestIdentity.Admin);
        Assert.Equal(200, (int)created.StatusCode);
        var queueUrl = System.Text.Json.JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("QueueUrl").GetString();
        using var sent = await client.JsonAsync("SendMessage", $$"""{"QueueUrl":"{{queueUrl}}","MessageBody":"from the published output"}""", TestIdentity.Admin);
        Assert.Equal(200, (int)sent.StatusCode);
        using var received = await client.JsonAsync("ReceiveMessage", $$"""{"QueueUrl":"{{queueUrl}}"}""", TestIdentity.Admin);
        Assert.Contains("from the published output", await received.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary><c>dotnet publish</c> of the already built secq (the Dockerfile's publish, without its restore and build).</summary>
    private async Task<string> PublishAsync()
    {
        var output = Path.Combine(root, "app");
        var project = Path.Combine(ClientProcess.RepositoryRoot, "src", "SecureQueue.Cli", "SecureQueue.Cli.csproj");
        var (code, text, error) = await ChildProcess.RunAsync("dotnet", ["publish", project, "-c", "Release", "--no-build", "-o", output, "--nologo", "-v", "quiet"]);
        Assert.True(code == 0, text + error);
        foreach (var pdb in Directory.EnumerateFiles(output, "*.pdb"))
        {
            File.Delete(pdb);
        }

        return output;
    }

    private static List<string> Snapshot(string directory) => Directory
        .EnumerateFileSystemEntries(directory, "*", SearchOption.AllDirectories)
        .Select(p => $"{Path.GetRelativePath(directory, p)} {File.GetLastWriteTimeUtc(p):O}")
        .Order(StringComparer.Ordinal)
        .ToList();
}
