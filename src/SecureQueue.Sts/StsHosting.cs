using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using SecureQueue.Gateway.Calls;
using SecureQueue.Gateway.Hosting;

namespace SecureQueue.Sts;

/// <summary>The STS module on the gateway: GetCallerIdentity on the same endpoint as SQS, so <c>aws sts get-caller-identity --endpoint-url …</c> works.</summary>
public static class StsHosting
{
    /// <summary>Registers STS after <c>AddSecureQueue</c> (the gateway's host, pipeline, authentication and log).</summary>
    public static WebApplicationBuilder AddSts(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<StsCallProtocol>();
        return builder;
    }

    /// <summary>
    /// Maps STS beside SQS's catch-all on <c>/</c>, for requests whose X-Amz-Target names STS's JSON service or whose SigV4
    /// credential scope names <c>sts</c>; every other request still reaches SQS.
    /// </summary>
    public static WebApplication MapSts(this WebApplication app)
    {
        var pipeline = app.Services.GetRequiredService<CallPipeline>();
        var sts = app.Services.GetRequiredService<StsCallProtocol>();
        app.Map("/", http => pipeline.HandleAsync(http, sts))
            .RequireTargetPrefixOrScope(StsCallProtocol.TargetPrefixes, StsCallProtocol.SigningName)
            .WithDisplayName("STS (AWS Query and JSON 1.0)");
        return app;
    }
}
