using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using SecureQueue.Gateway.Calls;
using SecureQueue.Sqs.Messages;

namespace SecureQueue.Sqs;

/// <summary>The SQS module on the gateway: its services, and its endpoint on the call pipeline.</summary>
public static class SqsHosting
{
    /// <summary>Registers SQS after <c>AddSecureQueue</c> (the gateway's host, pipeline, authentication and log).</summary>
    public static WebApplicationBuilder AddSqs(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<MessageMetrics>();
        builder.Services.AddSingleton<SqsActions>();
        builder.Services.AddSingleton<SqsServices>();
        builder.Services.AddSingleton<MoveTasks.TaskHandles>();
        builder.Services.AddSingleton<MoveTasks.MovePermissions>();
        builder.Services.AddSingleton<MoveTasks.MoveTaskSignal>();
        builder.Services.AddSingleton<MoveTasks.MoveTaskServices>();
        builder.Services.AddSingleton<MoveTasks.MoveTaskRunner>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<MoveTasks.MoveTaskRunner>());
        builder.Services.AddSingleton<SqsCallProtocol>();
        return builder;
    }

    /// <summary>
    /// Maps SQS after <c>MapSecureQueue</c>. SQS names queues by path and answers every method itself (an unsupported one
    /// with its own error), so it takes every path; a further protocol maps a more specific route, or a matcher on its
    /// X-Amz-Target prefix, beside it.
    /// </summary>
    public static WebApplication MapSqs(this WebApplication app)
    {
        var pipeline = app.Services.GetRequiredService<CallPipeline>();
        var sqs = app.Services.GetRequiredService<SqsCallProtocol>();
        app.Map("/{**path}", http => pipeline.HandleAsync(http, sqs)).WithDisplayName("SQS (AWS JSON 1.0 and Query)");
        return app;
    }
}
