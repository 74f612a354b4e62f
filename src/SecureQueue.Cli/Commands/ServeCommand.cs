using SecureQueue.Sqs;
using SecureQueue.Trail.Lookup;
using SecureQueue.Gateway.Hosting;
using SecureQueue.Trail.Exports;
using SecureQueue.Proxy;

namespace SecureQueue.Cli.Commands;

/// <summary><c>secq serve</c>: the gateway, configured by standard ASP.NET Core configuration.</summary>
internal static class ServeCommand
{
    public static async Task<int> RunAsync(string[] args, IReadOnlyDictionary<string, string?> defaults)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = Directory.GetCurrentDirectory() });
        // Set-up defaults sit under everything the operator passes (appsettings, environment, command line). ASP.NET's
        // per-request log lines cost more CPU than the request itself at queue rates; the audit log records every call anyway.
        var quiet = new Dictionary<string, string?>(defaults) { ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning" };
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource { InitialData = quiet });
        builder.AddSecureQueue().AddSqs().AddTrail().AddAuditExport().AddFrontDoor();
        // Disposed on a refused start-up too, so listeners Kestrel already bound are released before secq exits.
        await using var app = builder.Build();
        app.MapSecureQueue().MapSqs().MapTrail().MapFrontDoor();
        await app.RunAsync();
        return 0;
    }
}
