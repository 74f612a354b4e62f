using System.IO.Compression;
using System.Text.Json;
using SecureQueue.Cli.Commands;
using SecureQueue.FunctionalTests.Infrastructure;
using Xunit.Abstractions;

namespace SecureQueue.FunctionalTests.Export;

/// <summary>
/// A log written by a real gateway (allowed, denied, failed and unauthenticated calls), and helpers that run
/// <c>secq audit export</c> and <c>validate-export</c> over it and read what they wrote.
/// </summary>
public sealed class ExportWorkspace : IAsyncLifetime
{
    public const string UserAgent = "secq-export-tests/1.0";

    private readonly List<string> directories = [];

    public GatewayWorkspace Gateway { get; } = new();

    public string PublicKeyFile => Path.Combine(Gateway.Files.Directory, "checkpoint.pub");

    public async Task InitializeAsync()
    {
        await Gateway.InitializeAsync();
        await File.WriteAllTextAsync(PublicKeyFile, Convert.ToBase64String(Gateway.Files.CheckpointPublicKey) + "\n");
        await CallAsync(first: true);
    }

    /// <summary>Starts a gateway, makes one call of each outcome, and stops it (its shutdown checkpoint covers them all).</summary>
    public async Task CallAsync(bool first = false)
    {
        var gateway = await GatewayInstance.StartAsync(Gateway.Files, Gateway.Database.GatewayConnectionString,
            settings: new Dictionary<string, string?> { ["SecureQueue:Audit:CheckpointInterval"] = "00:00:00.2" });
        try
        {
            using var client = new SignedClient(gateway.Endpoint, Gateway.Files.CaFile);
            if (first)
            {
                (await CallAsync(client, "CreateQueue", """{"QueueName":"orders"}""", TestIdentity.Admin)).EnsureSuccessStatusCode();
            }

            var url = $"{gateway.Endpoint}000000000000/orders";
            (await CallAsync(client, "SendMessage", $$"""{"QueueUrl":"{{url}}","MessageBody":"secret order"}""", TestIdentity.Admin)).EnsureSuccessStatusCode();
            Assert.NotEqual(200, (int)(await CallAsync(client, "ListQueues", "{}", TestIdentity.Sender)).StatusCode);
            Assert.NotEqual(200, (int)(await CallAsync(client, "DeleteQueue", $$"""{"QueueUrl":"{{url}}"}""", TestIdentity.NoDelete)).StatusCode);
            Assert.NotEqual(200, (int)(await CallAsync(client, "GetQueueUrl", """{"QueueName":"missing"}""", TestIdentity.Admin)).StatusCode);
            Assert.NotEqual(200, (int)(await CallAsync(client, "ListQueues", "{}", identity: null)).StatusCode);
            await Gateway.Database.WaitSealedAsync();
        }
        finally
        {
            await gateway.StopAsync();
        }
    }

    /// <summary>An SQS JSON call with a User-Agent, as every SDK sends one.</summary>
    private static Task<HttpResponseMessage> CallAsync(SignedClient client, string action, string json, TestIdentity? identity) => client.SendAsync(
        HttpMethod.Post, "/", [new("Content-Type", "application/x-amz-json-1.0"), new("X-Amz-Target", "AmazonSQS." + action), new("User-Agent", UserAgent)],
        System.Text.Encoding.UTF8.GetBytes(json), identity);

    /// <summary>
    /// Where an export run ends: the newest signed checkpoint. Every export run then appends and seals its own event,
    /// which the next checkpoint (a gateway's) covers.
    /// </summary>
    public Task<long> LastPositionAsync() => Gateway.Database.ScalarAsync<long>("select max(position) from checkpoints");

    public string NewDirectory()
    {
        var directory = Path.Combine(Path.GetTempPath(), "secq-export-" + Guid.NewGuid().ToString("N")[..12]);
        directories.Add(directory);
        return directory;
    }

    public string Copy(string directory)
    {
        var copy = NewDirectory();
        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(directory, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return copy;
    }

    public Task<(int Code, string Output, string Error)> ExportAsync(ITestOutputHelper? log, string directory, TimeProvider? time = null, params string[] extra) =>
        RunAsync(log, (args, output, error) => AuditCommand.RunAsync(args, output, error, time),
            ["export", "--to", directory, "--connection", Gateway.Database.GatewayConnectionString, "--key", Gateway.Files.CheckpointKeyFile, .. extra]);

    public Task<(int Code, string Output, string Error)> ValidateAsync(ITestOutputHelper? log, string directory, params string[] extra) =>
        RunAsync(log, (args, output, error) => AuditCommand.RunAsync(args, output, error), ["validate-export", directory, "--public-key", PublicKeyFile, .. extra]);

    /// <summary>Every log file of a format under <paramref name="directory"/>, relative, in name order.</summary>
    public static List<string> LogFiles(string directory, string folder = "CloudTrail") => Directory
        .EnumerateFiles(Path.Combine(directory, "AWSLogs", "000000000000", folder), "*.gz", SearchOption.AllDirectories)
        .Select(f => Path.GetRelativePath(directory, f)).Order(StringComparer.Ordinal).ToList();

    /// <summary>Every digest (not its signature file), oldest first: names end in the window's end time.</summary>
    public static List<string> Digests(string directory, string folder = "CloudTrail-Digest") =>
        LogFiles(directory, folder).Where(d => d.EndsWith(".json.gz", StringComparison.Ordinal)).ToList();

    /// <summary>The log files in export order, as the digests name them (two deliveries in one minute sort by their random part).</summary>
    public static List<string> LogFilesInOrder(string directory, string folder = "CloudTrail-Digest") => Digests(directory, folder)
        .SelectMany(d => JsonDocument.Parse(Gunzip(Path.Combine(directory, d))).RootElement.GetProperty("logFiles").EnumerateArray())
        .Select(f => f.GetProperty("s3Object").GetString()!)
        .ToList();

    public static byte[] Gunzip(string file)
    {
        using var input = File.OpenRead(file);
        using var gzip = new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        gzip.CopyTo(output);
        return output.ToArray();
    }

    public static void Gzip(string file, byte[] content)
    {
        using var output = File.Create(file);
        using var gzip = new GZipStream(output, CompressionLevel.Optimal);
        gzip.Write(content);
    }

    /// <summary>Every CloudTrail record of an export, in export order.</summary>
    public static List<JsonElement> Records(string directory) => LogFilesInOrder(directory)
        .SelectMany(f => JsonDocument.Parse(Gunzip(Path.Combine(directory, f))).RootElement.GetProperty("Records").EnumerateArray().ToList())
        .ToList();

    public async Task DisposeAsync()
    {
        foreach (var directory in directories.Where(Directory.Exists))
        {
            Directory.Delete(directory, recursive: true);
        }

        await Gateway.DisposeAsync();
    }

    public static async Task<(int Code, string Output, string Error)> RunAsync(
        ITestOutputHelper? log, Func<string[], TextWriter, TextWriter, Task<int>> run, string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await run(args, output, error);
        log?.WriteLine($"secq audit {string.Join(' ', args.Take(2))} → exit {code}{Environment.NewLine}{output}{error}");
        return (code, output.ToString(), error.ToString());
    }
}
