using Microsoft.AspNetCore.Http;
using SecureQueue.Gateway.Authorization;
using SecureQueue.Gateway.Calls;
using SecureQueue.Sqs.Errors;
using SecureQueue.Sqs.Protocol;
using SecureQueue.Sqs.Queues;
using SecureQueue.Log.Events;
using SecureQueue.Log.Queues;
using SecureQueue.Gateway.Identity;

namespace SecureQueue.Sqs;

/// <summary>One decoded SQS call: its action (null when the name is unknown), its queue, and how it runs.</summary>
internal sealed class SqsCall(ApiCall call, SqsAction? action, SqsServices services, QueueDirectory directory) : ProtocolCall
{
    private QueueTarget? target;
    private QueueRecord? queue;
    private SqsContext? context;

    // Only names the gateway knows reach the action column; an unknown one is sampled, capped, in the error message.
    public override string AuditAction => action?.Name ?? "Unknown";

    public override bool Audited => context?.Audited == true;

    public override bool? ReadOnly => action?.ReadOnly;

    public override bool? DataEvent => action?.DataEvent;

    public override ReadOnlyMemory<byte>? RequestParameters() => action is not null && Protocol.RequestParameters.Write(action.Name, call.Parameters) is { } json ? new ReadOnlyMemory<byte>(json) : null;

    public override async ValueTask<(string? AuditResource, AuthorizationInput Input)> ResolveAsync(CancellationToken cancellation)
    {
        var handler = action ?? throw SqsErrors.InvalidAction(call.Action);
        target = Target(handler);
        var resource = target?.Arn ?? "*";
        queue = target is null || target.AccountId != services.Options.AccountId || target.Region != Region || !QueueNames.CouldExist(target.Name)
            ? null
            : await directory.FindAsync(target.Key, cancellation);
        return (target is null ? null : resource, handler.AuthorizationInput(resource, queue, call.Parameters));
    }

    public override async Task ExecuteAsync(HttpContext http, Caller caller, AuditEnvelope envelope)
    {
        var handler = action!;
        context = new SqsContext(call, caller, target, queue, envelope, services, http.RequestAborted);
        var result = await handler.ExecuteAsync(context);
        await SqsCallProtocol.WriteAsync(http, call.RequestId, call.Protocol, 200, call.Protocol == SqsProtocol.Json
            ? ResponseEncoders.Json(result)
            : ResponseEncoders.Xml(call.Action, result, call.RequestId, handler.HasResult));
    }

    private string Region => call.Origin.Region ?? services.Options.Region;

    private QueueTarget? Target(SqsAction handler) => handler.Resource switch
    {
        ResourceKind.QueueName => QueueTarget.FromName(call.Parameters.Required("QueueName"), services.Options.AccountId, Region),
        ResourceKind.QueueUrl => call.Parameters.String("QueueUrl") is { } url
            ? QueueTarget.FromUrl(url, services.Options.AccountId, Region)
            : call.Origin.Path.Trim('/').Length > 0 ? QueueTarget.FromUrl(call.Origin.Path, services.Options.AccountId, Region) : throw SqsErrors.MissingParameter("QueueUrl"),
        ResourceKind.SourceArn => QueueTarget.FromArn(call.Parameters.Required("SourceArn"), "SourceArn"),
        ResourceKind.TaskHandle => services.MoveTasks.Handles.TryDecode(call.Parameters.Required("TaskHandle"), out var handle)
            ? QueueTarget.FromArn(handle.SourceArn, "SourceArn")
            : throw SqsErrors.InvalidParameterValue("Value for parameter TaskHandle is invalid."),
        _ => null,
    };
}
