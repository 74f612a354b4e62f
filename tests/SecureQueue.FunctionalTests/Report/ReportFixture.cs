using System.Text.Json;
using SecureQueue.Cli.Commands;
using SecureQueue.FunctionalTests.Infrastructure;

namespace SecureQueue.FunctionalTests.Report;

/// <summary>
/// A real gateway with a TLS-only guardrail and a dormant identity serves signed calls (allowed, denied, unauthenticated)
/// on queues with a public, a cross-account and a hostile queue policy, then stops; the report is made once from its log.
/// </summary>
public sealed class ReportFixture : IAsyncLifetime
{
    public const string Body = "BODY-SECRET-7f3a9";
    public const string AttributeValue = "ATTR-SECRET-91c2e";
    public const string PartnerAccount = "444455556666";
    public const string HostileKey = "aws:<img src=x onerror=alert(1)>";

    public static readonly TestIdentity Dormant = new("dormant", "AKIASECQDORMANT00001", "dormantSecretKey0123456789abcdefghijkl",
        """{"Version":"2012-10-17","Statement":[{"Sid":"Everything","Effect":"Allow","Action":"sqs:*","Resource":"*"}]}""");

    public static readonly TestIdentity Ghost = new("ghost", "AKIASECQGHOST0000001", "ghostSecretKey0123456789abcdefghijklmnop", "{}");

    private readonly GatewayWorkspace workspace = new();

    public GatewayWorkspace Workspace => workspace;

    public string Directory => workspace.Files.Directory;

    public (int Code, string Output, string Error) Json { get; private set; }

    public (int Code, string Output, string Error) Html { get; private set; }

    public string JsonFile => Path.Combine(Directory, "report.json");

    public string HtmlFile => Path.Combine(Directory, "report.html");

    public string GuardrailsDirectory => Path.Combine(Directory, "guardrails");

    public async Task InitializeAsync()
    {
        await workspace.InitializeAsync();
        System.IO.Directory.CreateDirectory(GuardrailsDirectory);
        await File.WriteAllTextAsync(Path.Combine(GuardrailsDirectory, "tls-only.json"),
            """{"Version":"2012-10-17","Statement":[{"Sid":"DenyPlainHttp","Effect":"Deny","Action":"sqs:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}""");
        IdentityFiles.Add(workspace.Files, Dormant);
        var gateway = await GatewayInstance.StartAsync(workspace.Files, workspace.Database.GatewayConnectionString, settings: new Dictionary<string, string?>
        {
            ["SecureQueue:GuardrailsDirectory"] = GuardrailsDirectory,
            ["SecureQueue:Audit:CheckpointInterval"] = "00:00:00.2",
        });
        try
        {
            using var client = new SignedClient(gateway.Endpoint, workspace.Files.CaFile);
            await CreateAsync(client, "orders", "{}", """{"team":"payments"}""");
            await CreateAsync(client, "public-feed", Policy(
                """{"Sid":"Anyone","Effect":"Allow","Principal":"*","Action":"sqs:SendMessage","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}"""), "{}");
            await CreateAsync(client, "partner", Policy(
                """{"Sid":"DenyPlainHttp","Effect":"Deny","Principal":"*","Action":"sqs:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}""",
                "{\"Sid\":\"Partner\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + PartnerAccount + "\"},\"Action\":\"sqs:ReceiveMessage\",\"Resource\":\"*\"}"), """{"team":"partners"}""");
            await CreateAsync(client, "hostile", Policy(
                "{\"Sid\":\"Odd\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"000000000000\"},\"Action\":\"sqs:SendMessage\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"" + HostileKey + "\":\"x\"}}}"), "{}");
            var orders = new Uri(gateway.Endpoint, "000000000000/orders");
            await ExpectAsync(client, "SendMessage",
                "{\"QueueUrl\":\"" + orders + "\",\"MessageBody\":\"" + Body + "\",\"MessageAttributes\":{\"note\":{\"DataType\":\"String\",\"StringValue\":\"" + AttributeValue + "\"}}}", TestIdentity.Admin, 200);
            await ExpectAsync(client, "ListQueues", "{}", TestIdentity.Sender, 403);
            await ExpectAsync(client, "DeleteQueue", $$"""{"QueueUrl":"{{orders}}"}""", TestIdentity.Sender, 403);
            await ExpectAsync(client, "ListQueues", "{}", Ghost, 403);
            await workspace.Database.WaitSealedAsync();
            await Task.Delay(500);
        }
        finally
        {
            await gateway.StopAsync();
        }

        Json = await RunAsync("--format", "json", "--out", JsonFile);
        Html = await RunAsync("--format", "html", "--out", HtmlFile);
    }

    public Task DisposeAsync() => workspace.DisposeAsync();

    /// <summary>Runs <c>secq report</c> in process with the gateway's configuration on the command line, as an operator would.</summary>
    public Task<(int Code, string Output, string Error)> RunAsync(params string[] extra) => RunOnAsync(workspace.Database.ConnectionString, extra);

    /// <summary><c>secq report</c> over another connection string to the same database.</summary>
    public async Task<(int Code, string Output, string Error)> RunOnAsync(string connection, params string[] extra)
    {
        var files = workspace.Files;
        string[] args =
        [
            "--connection", connection, "--checkpoints", files.CheckpointFile, "--key", files.CheckpointKeyFile,
            "--from", DateTimeOffset.UtcNow.AddHours(-1).ToString("O"), "--required-tag", "team",
            $"--SecureQueue:IdentitiesFile={files.IdentitiesFile}", $"--SecureQueue:PoliciesDirectory={files.PoliciesDirectory}",
            $"--SecureQueue:MasterKeyFile={files.MasterKeyFile}", $"--SecureQueue:GuardrailsDirectory={GuardrailsDirectory}",
            "--Kestrel:Endpoints:Main:Url=https://0.0.0.0:8443", .. extra,
        ];
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await ReportCommand.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    public JsonDocument ParseJson() => JsonDocument.Parse(File.ReadAllText(JsonFile));

    private static string Policy(params string[] statements) =>
        JsonSerializer.Serialize($$"""{"Version":"2012-10-17","Statement":[{{string.Join(",", statements)}}]}""");

    private static async Task CreateAsync(SignedClient client, string name, string attributes, string tags)
    {
        var body = attributes.StartsWith('"')
            ? $$"""{"QueueName":"{{name}}","Attributes":{"Policy":{{attributes}}},"tags":{{tags}}}"""
            : $$"""{"QueueName":"{{name}}","tags":{{tags}}}""";
        await ExpectAsync(client, "CreateQueue", body, TestIdentity.Admin, 200);
    }

    private static async Task ExpectAsync(SignedClient client, string action, string json, TestIdentity identity, int status)
    {
        using var response = await client.JsonAsync(action, json, identity);
        Assert.True((int)response.StatusCode == status, $"{action} as {identity.Name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
