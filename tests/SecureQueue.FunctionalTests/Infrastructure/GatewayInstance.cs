using SecureQueue.Sqs;
using SecureQueue.Trail.Lookup;
using SecureQueue.Proxy;
using SecureQueue.Sts;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SecureQueue.Cli.Setup;
using SecureQueue.Crypto.Signatures;
using SecureQueue.Gateway.Hosting;

namespace SecureQueue.FunctionalTests.Infrastructure;

/// <summary>
/// A real gateway: Kestrel with TLS from a test CA, real PostgreSQL, identities from a file. It can be stopped
/// and started again on the same database and port, as a restart would.
/// </summary>
public sealed class GatewayInstance : IAsyncDisposable
{
    private readonly WebApplication app;

    private GatewayInstance(WebApplication app, Uri endpoint)
    {
        this.app = app;
        Endpoint = endpoint;
    }

    /// <summary>Tests look events up as fast as they can; LookupThrottlingTests runs with the default rate.</summary>
    public const string TestLookupsPerSecond = "1000";

    public Uri Endpoint { get; }

    public IServiceProvider Services => app.Services;

    public static async Task<GatewayInstance> StartAsync(
        GatewayFiles files,
        string connectionString,
        int port = 0,
        bool plainHttp = false,
        bool? allowPlainHttp = null,
        TimeProvider? time = null,
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<WebApplicationBuilder>? configure = null)
    {
        var scheme = plainHttp ? "http" : "https";
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = files.Directory, EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["urls"] = $"{scheme}://127.0.0.1:{port}",
            ["ConnectionStrings:SecureQueue"] = connectionString,
            ["SecureQueue:IdentitiesFile"] = files.IdentitiesFile,
            ["SecureQueue:PoliciesDirectory"] = files.PoliciesDirectory,
            ["SecureQueue:MasterKeyFile"] = files.MasterKeyFile,
            ["SecureQueue:Tls:CertificateFile"] = files.ServerCertificateFile,
            ["SecureQueue:Tls:KeyFile"] = files.ServerKeyFile,
            ["SecureQueue:CheckpointKeyFile"] = files.CheckpointKeyFile,
            ["SecureQueue:Audit:CheckpointFile"] = files.CheckpointFile,
            ["SecureQueue:AllowPlainHttp"] = (allowPlainHttp ?? plainHttp) ? "true" : "false",
            // A second served region, so every client suite can reach a namespace of queues other than the default one.
            ["SecureQueue:Regions:0"] = "us-east-1",
            ["SecureQueue:Regions:1"] = "eu-west-1",
            // Many gateways run at once in a test run: each ops listener takes a free port.
            ["SecureQueue:Ops:Url"] = "http://127.0.0.1:0",
            [LookupRateLimit.Setting] = TestLookupsPerSecond,
        });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.Logging.ClearProviders();
        builder.AddSecureQueue().AddSqs().AddTrail().AddSts().AddFrontDoor();
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        configure?.Invoke(builder);
        var app = builder.Build();
        app.MapSecureQueue().MapSqs().MapTrail().MapSts().MapFrontDoor();
        try
        {
            await app.StartAsync();
        }
        catch
        {
            // A refused start-up must not leave its listeners bound for the rest of the test run.
            await app.DisposeAsync();
            throw;
        }

        return new GatewayInstance(app, new Uri($"{scheme}://localhost:{BoundAddress(app).Port}/"));
    }

    /// <summary>The address a started host bound (port 0 asks the system for a free one).</summary>
    public static Uri BoundAddress(WebApplication app) => new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public async Task StopAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}

/// <summary>
/// The files a test gateway is configured with: test CA and server certificate, master key, identities, policies, and the
/// checkpoint key and file (every gateway of a test shares them, as processes sharing one checkpoint file may).
/// </summary>
public sealed record GatewayFiles(
    string Directory, string CaFile, string ServerCertificateFile, string ServerKeyFile, string MasterKeyFile, string IdentitiesFile, string PoliciesDirectory)
{
    public string CheckpointKeyFile => Path.Combine(Directory, "checkpoint.key");

    /// <summary>Each replica appends to a checkpoint file of its own: a second gateway on the same files is given another with <c>with</c>.</summary>
    public string CheckpointFile { get; init; } = Path.Combine(Directory, "checkpoints.jsonl");

    public byte[] CheckpointPublicKey => CheckpointSigningKey.FromFile(CheckpointKeyFile).PublicKey.ToArray();

    public static GatewayFiles Create()
    {
        var directory = Path.Combine(Path.GetTempPath(), "secq-test-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(directory);
        var tls = LocalCertificates.Ensure(Path.Combine(directory, "tls"), DateTimeOffset.UtcNow, TextWriter.Null);
        var masterKey = Path.Combine(directory, "master.key");
        File.WriteAllText(masterKey, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        File.SetUnixFileMode(masterKey, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        CheckpointSigningKey.Generate().WriteFile(Path.Combine(directory, "checkpoint.key"));
        var policies = Path.Combine(directory, "policies");
        System.IO.Directory.CreateDirectory(policies);
        var identities = TestIdentity.All.Select(i =>
        {
            File.WriteAllText(Path.Combine(policies, i.Name + ".json"), i.PolicyJson);
            return $$"""{"name":"{{i.Name}}","arn":"{{i.Arn}}","accessKeys":[{"accessKeyId":"{{i.AccessKeyId}}","secretAccessKey":"{{i.SecretAccessKey}}"}],"policies":["{{i.Name}}.json"]}""";
        });
        var identitiesFile = Path.Combine(directory, "identities.json");
        File.WriteAllText(identitiesFile, $$"""{"identities":[{{string.Join(",", identities)}}]}""");
        File.SetUnixFileMode(identitiesFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return new GatewayFiles(directory, tls.CaCertificateFile, tls.ServerCertificateFile, tls.ServerKeyFile, masterKey, identitiesFile, policies);
    }
}
