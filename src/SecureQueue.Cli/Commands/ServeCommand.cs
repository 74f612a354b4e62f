using System.CommandLine;
using SecureQueue.Sqs;
using SecureQueue.Trail.Lookup;
using SecureQueue.Gateway.Hosting;
using SecureQueue.Trail.Exports;
using SecureQueue.Proxy;
using SecureQueue.Sts;

namespace SecureQueue.Cli.Commands;

/// <summary><c>secq serve</c>: the gateway, configured by standard ASP.NET Core configuration.</summary>
internal static class ServeCommand
{
    public static Command Create() => new Command(
        "serve",
        "Serve the gateway with the configuration given: appsettings.json, SecureQueue__* environment, and ASP.NET options such as " +
        "--urls=https://0.0.0.0:8443 or --SecureQueue:IdentitiesFile=FILE, which are passed on unchanged. A missing or unsafe setting refuses start-up (exit 2).")
        .WithAction(options => RunAsync([.. options.Passed], new Dictionary<string, string?>()))
        .PassingSettings();

    public static async Task<int> RunAsync(string[] args, IReadOnlyDictionary<string, string?> defaults)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = Directory.GetCurrentDirectory() });
        // Set-up defaults sit under everything the operator passes (appsettings, environment, command line). ASP.NET's
        // per-request log lines cost more CPU than the request itself at queue rates; the audit log records every call anyway.
        var quiet = new Dictionary<string, string?>(defaults) { ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning" };
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource { InitialData = quiet });
        builder.AddSecureQueue().AddSqs().AddTrail().AddSts().AddAuditExport().AddFrontDoor();
        // Disposed on a refused start-up too, so listeners Kestrel already bound are released before secq exits.
        await using var app = builder.Build();
        app.MapSecureQueue().MapSqs().MapTrail().MapSts().MapFrontDoor();
        await app.RunAsync();
        return 0;
    }
}
