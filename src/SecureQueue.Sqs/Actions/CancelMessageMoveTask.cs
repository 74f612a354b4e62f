using SecureQueue.Log.Events;
using SecureQueue.Log.MoveTasks;
using SecureQueue.Sqs.Errors;
using SecureQueue.Sqs.MoveTasks;
using SecureQueue.Sqs.Protocol;

namespace SecureQueue.Sqs.Actions;

/// <summary>
/// CancelMessageMoveTask: marks a RUNNING task CANCELLING with its event and returns how many messages it had moved. The
/// runner ends it CANCELLED at its next step; a batch already committed stays moved, as in SQS.
/// </summary>
internal sealed class CancelMessageMoveTask : SqsAction
{
    public override string Name => "CancelMessageMoveTask";

    public override bool HasResult => true;

    public override ResourceKind Resource => ResourceKind.TaskHandle;

    public override async Task<ResponseObject> ExecuteAsync(SqsContext context)
    {
        var services = context.Services;
        if (!services.MoveTasks.Handles.TryDecode(context.Parameters.Required("TaskHandle"), out var handle))
        {
            throw SqsErrors.InvalidParameterValue("Value for parameter TaskHandle is invalid.");
        }

        _ = context.AuthorizedQueueOrNull ?? throw SqsErrors.ResourceNotFound("SourceArn");
        var moved = await context.LogAsync(async tx =>
        {
            var task = await tx.MoveTasks.FindAsync(handle.TaskId);
            if (task is null || task.SourceArn != handle.SourceArn)
            {
                throw SqsErrors.TaskDoesNotExist();
            }

            if (task.Status != MoveTaskStatus.Running)
            {
                throw SqsErrors.InvalidParameterValue($"Only a task with status {MoveTaskStatus.Running} can be cancelled; this task is {task.Status}.");
            }

            await tx.MoveTasks.SetStatusAsync(task.TaskId, MoveTaskStatus.Cancelling);
            return new Logged<long>(task.Moved, EventTypes.MessageMoveTaskCancelRequested, json => MoveTaskEvents.WriteTask(json, task));
        });
        services.MoveTasks.Signal.Wake();
        return new ResponseObject().Add("ApproximateNumberOfMessagesMoved", moved);
    }
}
