using SecureQueue.Log.Events;
using SecureQueue.Log.MoveTasks;
using SecureQueue.Sqs.Errors;
using SecureQueue.Sqs.MoveTasks;
using SecureQueue.Sqs.Protocol;

namespace SecureQueue.Sqs.Actions;

/// <summary>
/// ListMessageMoveTasks: a source queue's most recent tasks, newest first (default one, at most ten), read from the task
/// projection on a pooled connection. As in SQS, the TaskHandle only while RUNNING, the destination and rate only when
/// the caller gave them, the failure reason only when FAILED.
/// </summary>
internal sealed class ListMessageMoveTasks : SqsAction
{
    public override string Name => "ListMessageMoveTasks";

    public override bool HasResult => true;

    public override bool ReadOnly => true;

    public override ResourceKind Resource => ResourceKind.SourceArn;

    public override async Task<ResponseObject> ExecuteAsync(SqsContext context)
    {
        var limit = context.Parameters.IntInRange("MaxResults", 1, SqsLimits.MaxMoveTaskResults, $"Must be between 1 and {SqsLimits.MaxMoveTaskResults}, if provided.") ?? 1;
        var source = context.AuthorizedQueueOrNull ?? throw SqsErrors.ResourceNotFound("SourceArn");
        var tasks = await context.Services.MoveTasks.Tasks.RecentAsync(source.Arn, limit, CancellationToken.None);
        await context.AppendAsync(EventTypes.MessageMoveTasksListed, json => json.WriteNumber("tasks", tasks.Count));
        var entries = tasks.Select(t => (ResponseNode)Entry(context, t)).ToList();
        return new ResponseObject().Add("Results", new ResponseList("ListMessageMoveTasksResultEntry", entries));
    }

    private static ResponseObject Entry(SqsContext context, MoveTaskRecord task) => new ResponseObject()
        .Add("TaskHandle", task.Status == MoveTaskStatus.Running ? context.Services.MoveTasks.Handles.Encode(new TaskHandle(task.TaskId, task.SourceArn)) : null)
        .Add("Status", task.Status)
        .Add("SourceArn", task.SourceArn)
        .Add("DestinationArn", task.DestinationArn)
        .Add("MaxNumberOfMessagesPerSecond", task.MaxPerSecond)
        .Add("ApproximateNumberOfMessagesMoved", task.Moved)
        .Add("ApproximateNumberOfMessagesToMove", task.ToMove)
        .Add("FailureReason", task.Status == MoveTaskStatus.Failed ? task.FailureReason : null)
        .Add("StartedTimestamp", task.StartedAt.ToUnixTimeMilliseconds());
}
