using SecureQueue.Gateway.Keys;
using SecureQueue.Log.Audit;
using SecureQueue.Log.Events;
using SecureQueue.Log.MoveTasks;
using SecureQueue.Log.Queues;
using SecureQueue.Sqs.Queues;
using SecureQueue.Gateway.Identity;

namespace SecureQueue.Sqs.MoveTasks;

/// <summary>
/// One runner's turn at one task, while it holds the task's lock: re-authorizes the task as its starter (failing it when
/// that is no longer allowed), then moves batches at the task's rate (<see cref="MoveBatch"/>) until the source is empty,
/// the task is cancelled or fails, or the lock is lost.
/// </summary>
internal sealed class MoveTaskExecution(SqsServices services, MoveTaskRecord task, string runnerId, AdvisoryLease lease)
{
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(1);
    private readonly Dictionary<long, (QueueRecord Queue, DataKeyLease Lease)> leases = [];
    private readonly HashSet<string> authorized = new(StringComparer.Ordinal);

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var region = QueueArn.Parse(task.SourceArn)!.Region;
        if (!await TakeAsync(region))
        {
            return;
        }

        var pacing = new MovePacing(task.Rate, services.Time.GetUtcNow());
        long movedHere = 0;
        var batch = new MoveBatch(services, task, runnerId, region, leases, this);
        while (!stoppingToken.IsCancellationRequested && await lease.HoldAsync(stoppingToken))
        {
            var now = services.Time.GetUtcNow();
            var allowed = pacing.Allowed(now, movedHere);
            if (allowed == 0)
            {
                await Task.Delay(pacing.Wait(now, movedHere), services.Time, stoppingToken);
                continue;
            }

            var step = await batch.RunAsync(allowed);
            movedHere += step.Moved;
            if (step.Finished)
            {
                return;
            }

            if (step.Needed.Count > 0)
            {
                if (!await LeaseAsync(step.Needed, region))
                {
                    return;
                }
            }
            else if (step.Moved == 0)
            {
                await Task.Delay(Idle, services.Time, stoppingToken);
            }
        }
    }

    /// <summary>The caller the task acts for, rebuilt from the identities file: null when that principal is gone.</summary>
    public Caller? Caller() =>
        services.MoveTasks.Identities.Current.FindByArn(task.PrincipalArn) is { } identity
            // Authorization reads the principal, its credential id, policies and tags; how it signed in is not a condition.
            ? new Caller(task.PrincipalArn, AuthenticationMethod.SigV4, task.CredentialId, identity)
            : null;

    /// <summary>
    /// Why the starter may no longer move from <paramref name="source"/> into <paramref name="destination"/>; null when
    /// allowed. Decided again whenever either queue's settings (its Policy among them) or the principal in the identities file
    /// changed since the last decision.
    /// </summary>
    public string? Refusal(QueueRecord source, QueueRecord destination, string region)
    {
        // The principal's digest changes when a reload of the identities file changed its policies or tags.
        var principal = services.MoveTasks.Identities.Current.DigestOf(task.PrincipalArn);
        var decided = $"{principal}:{source.QueueId}@{source.LastModifiedAt.UtcTicks}>{destination.QueueId}@{destination.LastModifiedAt.UtcTicks}";
        if (authorized.Contains(decided))
        {
            return null;
        }

        var refusal = Caller() is { } caller
            ? services.MoveTasks.Permissions.Refusal(caller, Origin(region), source, [destination], services.Time.GetUtcNow())
            : $"The principal {task.PrincipalArn} that started the task no longer exists.";
        if (refusal is null)
        {
            authorized.Add(decided);
        }

        return refusal;
    }

    private RequestOrigin Origin(string region) => new("internal", task.SourceIp, null, true, null, null, "/", region);

    /// <summary>Takes the task over with an event naming this runner; false when it is no longer active.</summary>
    private async Task<bool> TakeAsync(string region)
    {
        var source = QueueArn.Parse(task.SourceArn)!;
        var queue = await services.Reader.FindAsync(new QueueKey(source.Account, source.Region, source.Name), CancellationToken.None);
        var outcome = await services.Writer.ExecuteAsync(MoveTaskEvents.Envelope("MessageMoveTaskRun", task, region), async tx =>
        {
            var current = await tx.MoveTasks.FindAsync(task.TaskId);
            if (current is null || !current.IsActive)
            {
                return new Logged<bool>(false, EventTypes.MessageMoveTaskTaken) { Append = false };
            }

            var refusal = queue is null ? null : SourceRefusal(queue, region);
            if (refusal is not null)
            {
                await tx.MoveTasks.FinishAsync(task.TaskId, MoveTaskStatus.Failed, refusal, tx.Now);
                return new Logged<bool>(false, EventTypes.MessageMoveTaskFailed, json => WriteFailure(json, current, refusal));
            }

            return new Logged<bool>(true, EventTypes.MessageMoveTaskTaken, json =>
            {
                MoveTaskEvents.WriteTask(json, current);
                json.WriteString("runner", runnerId);
            });
        });
        return outcome.Result;
    }

    private string? SourceRefusal(QueueRecord source, string region) => Caller() is { } caller
        ? services.MoveTasks.Permissions.Refusal(caller, Origin(region), source, [], services.Time.GetUtcNow())
        : $"The principal {task.PrincipalArn} that started the task no longer exists.";

    internal void WriteFailure(System.Text.Json.Utf8JsonWriter json, MoveTaskRecord current, string reason)
    {
        MoveTaskEvents.WriteTask(json, current);
        json.WriteString("runner", runnerId);
        json.WriteString("failureReason", reason);
    }

    /// <summary>
    /// Leases the data keys of destinations a batch found without one; false when the task failed on a key that is not
    /// configured. A destination gone is left to the next batch, which fails the task.
    /// </summary>
    private async Task<bool> LeaseAsync(IReadOnlyList<QueueRecord> needed, string region)
    {
        foreach (var destination in needed)
        {
            if (leases.Remove(destination.QueueId, out var stale))
            {
                services.Keys.Release(stale.Lease);
            }

            try
            {
                if (await services.Keys.LeaseAsync(destination, QueueSettings.Of(destination).KeyReusePeriodSeconds) is { } fresh)
                {
                    leases[destination.QueueId] = (destination, fresh);
                }
            }
            catch (Crypto.Keys.KmsKeyNotFoundException)
            {
                await FailAsync($"KMS.NotFoundException: the key of {destination.Arn} is not configured.", region);
                return false;
            }
        }

        return true;
    }

    private Task<LogOutcome<bool>> FailAsync(string reason, string region) => services.Writer.ExecuteAsync(MoveTaskEvents.Envelope("MessageMoveTaskRun", task, region), async tx =>
    {
        var current = await tx.MoveTasks.FindAsync(task.TaskId);
        if (current is null || !current.IsActive)
        {
            return new Logged<bool>(false, EventTypes.MessageMoveTaskFailed) { Append = false };
        }

        await tx.MoveTasks.FinishAsync(task.TaskId, MoveTaskStatus.Failed, reason, tx.Now);
        return new Logged<bool>(true, EventTypes.MessageMoveTaskFailed, json => WriteFailure(json, current, reason));
    });
}
