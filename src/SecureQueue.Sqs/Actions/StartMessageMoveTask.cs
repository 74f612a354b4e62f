using SecureQueue.Log.Events;
using SecureQueue.Log.MoveTasks;
using SecureQueue.Log.Queues;
using SecureQueue.Sqs.Errors;
using SecureQueue.Sqs.MoveTasks;
using SecureQueue.Sqs.Protocol;

namespace SecureQueue.Sqs.Actions;

/// <summary>
/// StartMessageMoveTask: checks the request and what moving needs of the caller (<see cref="MovePermissions"/>), then
/// records the task, RUNNING, with its event; a runner (<see cref="MoveTaskRunner"/>) moves the messages. The partial
/// unique index on the task projection keeps one active task per source queue, across replicas.
/// </summary>
internal sealed class StartMessageMoveTask : SqsAction
{
    private const int MaxSources = 1000;

    public override string Name => "StartMessageMoveTask";

    public override bool HasResult => true;

    public override ResourceKind Resource => ResourceKind.SourceArn;

    public override async Task<ResponseObject> ExecuteAsync(SqsContext context)
    {
        var parameters = context.Parameters;
        var destinationArn = parameters.String("DestinationArn");
        var rate = parameters.IntInRange("MaxNumberOfMessagesPerSecond", 1, SqsLimits.MaxMoveMessagesPerSecond, $"Must be between 1 and {SqsLimits.MaxMoveMessagesPerSecond}, if provided.");
        var destinationTarget = destinationArn is null ? null : QueueTarget.FromArn(destinationArn, "DestinationArn");
        var services = context.Services;
        var source = context.AuthorizedQueueOrNull ?? throw SqsErrors.ResourceNotFound("SourceArn");
        var sources = await services.Reader.ListSourcesAsync(source.AccountId, source.Region, source.Arn, null, MaxSources, CancellationToken.None);
        if (sources.Count == 0)
        {
            throw SqsErrors.InvalidParameterValue("Source queue must be configured as a Dead Letter Queue.");
        }

        List<QueueRecord> destinations = [];
        if (destinationTarget is not null)
        {
            var destination = await FindAsync(context, destinationTarget) ?? throw SqsErrors.ResourceNotFound("DestinationArn");
            if (destination.QueueId == source.QueueId)
            {
                // Moving a queue into itself would re-send its messages as new ones forever.
                throw SqsErrors.InvalidParameterValue("The source queue and the destination queue must be different.");
            }

            if (IsFifo(destination) != IsFifo(source))
            {
                throw SqsErrors.InvalidParameterValue("The source queue and the destination queue must be of the same queue type.");
            }

            destinations.Add(destination);
        }
        else
        {
            foreach (var name in sources)
            {
                destinations.Add(await services.Reader.FindAsync(new QueueKey(source.AccountId, source.Region, name), CancellationToken.None) ?? throw SqsErrors.ResourceNotFound("DestinationArn"));
            }
        }

        var now = services.Time.GetUtcNow();
        if (services.MoveTasks.Permissions.Refusal(context.Caller, context.Call.Origin, source, destinations, now) is { } refusal)
        {
            throw SqsErrors.AccessDenied(refusal);
        }

        var counts = await services.Reader.FindWithCountsAsync(source.Key, now, CancellationToken.None) ?? throw SqsErrors.ResourceNotFound("SourceArn");
        var task = new MoveTaskRecord(
            Guid.CreateVersion7(now), source.Arn, destinationTarget?.Arn, rate, rate ?? MovePacing.DefaultRate, MoveTaskStatus.Running, counts.Counts.Visible, 0, null,
            context.Caller.PrincipalArn, context.Caller.CredentialId, context.Call.Origin.SourceIp, now, null);
        await context.LogAsync(async tx =>
        {
            var current = await tx.Queues.FindAsync(source.Key);
            if (current is null || current.QueueId != source.QueueId)
            {
                throw SqsErrors.ResourceNotFound("SourceArn");
            }

            if (!await tx.MoveTasks.TryInsertAsync(task with { StartedAt = tx.Now }))
            {
                throw SqsErrors.InvalidParameterValue("There is already a task running. Only one active task is allowed for a source queue arn at a given time.");
            }

            return new Logged<bool>(true, EventTypes.MessageMoveTaskStarted, json =>
            {
                MoveTaskEvents.WriteTask(json, task);
                json.WriteStrings("authorizedDestinations", destinations.Select(d => d.Arn));
            });
        });
        services.MoveTasks.Signal.Wake();
        return new ResponseObject().Add("TaskHandle", services.MoveTasks.Handles.Encode(new TaskHandle(task.TaskId, task.SourceArn)));
    }

    /// <summary>A queue of this gateway's account and the call's region; any other is not one the caller can reach here.</summary>
    private static async Task<QueueRecord?> FindAsync(SqsContext context, QueueTarget target) =>
        target.AccountId == context.Services.Options.AccountId && target.Region == context.Region
            ? await context.Services.Reader.FindAsync(target.Key, CancellationToken.None)
            : null;

    internal static bool IsFifo(QueueRecord queue) => queue.Attributes.GetValueOrDefault("FifoQueue") == "true";
}
