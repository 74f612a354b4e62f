using SecureQueue.Gateway.Keys;
using SecureQueue.Log.Events;
using SecureQueue.Log.Messages;
using SecureQueue.Log.MoveTasks;
using SecureQueue.Log.Queues;
using SecureQueue.Sqs.Messages;
using SecureQueue.Sqs.Queues;

namespace SecureQueue.Sqs.MoveTasks;

/// <summary>What one step of a task did: how many messages it moved, whether the task ended, and destinations it needs keys for.</summary>
internal sealed record MoveStep(int Moved, bool Finished, IReadOnlyList<QueueRecord> Needed);

/// <summary>
/// One batch of a move task, in one writer transaction: lock the source's oldest visible messages, open each, re-seal it
/// as a new message (new MessageId, new send time, so the destination's retention starts now) under its destination's
/// data key, bound to that queue — plaintext never leaves the gateway — remove it from the source, add it to the
/// destination, count it, and append the batch as an event of its own. The transaction commits all of it or none: a
/// crash mid-batch leaves every message in the source, once. The same step ends the task (CANCELLED when asked,
/// COMPLETED when nothing is left to move, FAILED when a destination is gone or no longer allowed).
/// </summary>
internal sealed class MoveBatch(
    SqsServices services, MoveTaskRecord task, string runnerId, string region, Dictionary<long, (QueueRecord Queue, DataKeyLease Lease)> leases,
    MoveTaskExecution execution)
{
    /// <summary>SQS's reason when a destination queue is deleted while the task runs.</summary>
    public const string NonExistentQueue = "AWS.SimpleQueueService.NonExistentQueue";

    private readonly QueueArn sourceArn = QueueArn.Parse(task.SourceArn)!;

    public async Task<MoveStep> RunAsync(int limit)
    {
        var outcome = await services.Writer.ExecuteAsync(MoveTaskEvents.Envelope("MoveMessages", task, region), async tx =>
        {
            var current = await tx.MoveTasks.FindAsync(task.TaskId);
            if (current is null || !current.IsActive)
            {
                return new Logged<MoveStep>(new MoveStep(0, true, []), EventTypes.MessagesMovedByTask) { Append = false };
            }

            if (current.Status == MoveTaskStatus.Cancelling)
            {
                return await FinishAsync(tx, current, MoveTaskStatus.Cancelled, EventTypes.MessageMoveTaskCancelled, null);
            }

            var source = await tx.Queues.FindAsync(new QueueKey(sourceArn.Account, sourceArn.Region, sourceArn.Name));
            if (source is null)
            {
                return await FinishAsync(tx, current, MoveTaskStatus.Failed, EventTypes.MessageMoveTaskFailed, NonExistentQueue);
            }

            if (await tx.Messages.IsPurgingAsync(source.QueueId))
            {
                // The purge's rows are still in the source until its sweep ends; none of them may be carried out of it.
                return new Logged<MoveStep>(new MoveStep(0, false, []), EventTypes.MessagesMovedByTask) { Append = false };
            }

            var locked = Actions.StartMessageMoveTask.IsFifo(source)
                ? await tx.Messages.LockFifoLeadersAsync(source.QueueId, tx.Now, limit)
                : await tx.Messages.LockOldestAsync(source.QueueId, tx.Now, limit);
            if (locked.Messages.Count == 0)
            {
                return await FinishAsync(tx, current, MoveTaskStatus.Completed, EventTypes.MessageMoveTaskCompleted, null);
            }

            var plan = await PlanAsync(tx, source, locked);
            if (plan.Failure is { } failure)
            {
                return await FinishAsync(tx, current, MoveTaskStatus.Failed, EventTypes.MessageMoveTaskFailed, failure);
            }

            if (plan.Needed.Count > 0)
            {
                return new Logged<MoveStep>(new MoveStep(0, false, plan.Needed), EventTypes.MessagesMovedByTask) { Append = false };
            }

            return await MoveAsync(tx, current, source, plan.Moves);
        });
        return outcome.Result;
    }

    private async Task<Plan> PlanAsync(LogTransaction tx, QueueRecord source, ClaimedBatch locked)
    {
        var entries = StoredMessages.ReadClaimed(locked).ToDictionary(s => s.Claim.Key, s => s.Entry);
        var keys = await services.Keys.ResolveAsync(tx, entries.Values.Select(e => e.Message.KeyId));
        var moves = new List<Move>(locked.Messages.Count);
        var needed = new List<QueueRecord>();
        foreach (var claim in locked.Messages)
        {
            if (!entries.TryGetValue(claim.Key, out var entry) || entry.Message.MessageId != claim.MessageId || keys.GetValueOrDefault(entry.Message.KeyId) is not { } key
                || !MessageSeal.TryOpen(entry.Message, key, source.Arn, out var message))
            {
                return Plan.Failed($"Message {claim.MessageId} in the source queue cannot be opened (its ciphertext was altered or its data key destroyed).");
            }

            var destinationArn = task.DestinationArn ?? entry.SourceArn;
            if (destinationArn is null || QueueArn.Parse(destinationArn) is not { } arn)
            {
                return Plan.Failed($"Message {claim.MessageId} did not come from a source queue, so it has no original source to return to.");
            }

            var destination = await tx.Queues.FindAsync(new QueueKey(arn.Account, arn.Region, arn.Name));
            if (destination is null)
            {
                return Plan.Failed(NonExistentQueue);
            }

            if (Actions.StartMessageMoveTask.IsFifo(destination) != Actions.StartMessageMoveTask.IsFifo(source))
            {
                return Plan.Failed("The source queue and the destination queue must be of the same queue type.");
            }

            if (execution.Refusal(source, destination, region) is { } refusal)
            {
                return Plan.Failed(refusal);
            }

            if (!leases.TryGetValue(destination.QueueId, out var prepared) || !prepared.Queue.HasSameSettings(destination)
                || !await tx.DataKeys.IsLiveAsync(prepared.Lease.Key.KeyId))
            {
                if (needed.All(n => n.QueueId != destination.QueueId))
                {
                    needed.Add(destination);
                }

                continue;
            }

            moves.Add(new Move(claim, entry, message, destination, prepared.Lease));
        }

        return new Plan(moves, needed, null);
    }

    private async Task<Logged<MoveStep>> MoveAsync(LogTransaction tx, MoveTaskRecord current, QueueRecord source, IReadOnlyList<Move> moves)
    {
        var entries = moves.Select(m => new StoredEntry(
            MessageSeal.Seal(m.Message with { MessageId = Guid.NewGuid() }, m.Lease.Key, m.Lease.KekVersion, m.Destination.Arn),
            m.Entry.SenderId, m.Entry.SenderArn)).ToList();
        var removed = await tx.Messages.RemoveAsync(source.QueueId, moves.Select(m => m.Claim.Key).ToList());
        if (removed != moves.Count)
        {
            throw new InvalidOperationException("A locked message of a move task was not in its source queue; the batch is rolled back.");
        }

        foreach (var group in moves.Select((m, i) => (Move: m, Index: i)).GroupBy(p => p.Move.Destination.QueueId))
        {
            var destination = group.First().Move.Destination;
            var settings = QueueSettings.Of(destination);
            // A FIFO destination numbers each message next in its group there, in the order locked (group order in the source).
            var sequences = settings.Fifo is null ? null : await tx.Messages.NextSequencesAsync(destination.QueueId, group.Select(p => p.Move.Message.GroupId!).ToList(), tx.Now);
            tx.Messages.Insert(destination.QueueId, tx.Position, tx.EventId, group.Select((p, i) => new NewMessage(
                (short)p.Index, entries[p.Index].Message.MessageId, tx.Now, tx.Now.AddSeconds(settings.DelaySeconds), tx.Now.AddSeconds(settings.MessageRetentionPeriod),
                entries[p.Index].Message.KeyId, Fifo: sequences is null ? null : new FifoPlace(p.Move.Message.GroupId!, sequences[i]))).ToList());
            tx.Signal(destination.QueueId);
        }

        await tx.MoveTasks.AddMovedAsync(task.TaskId, moves.Count);
        return new Logged<MoveStep>(new MoveStep(moves.Count, false, []), EventTypes.MessagesMovedByTask, json =>
        {
            MoveTaskEvents.WriteTask(json, current with { Moved = current.Moved + moves.Count });
            json.WriteString("runner", runnerId);
            json.WriteStartArray("moves");
            foreach (var (move, i) in moves.Select((m, i) => (m, i)))
            {
                json.WriteStartObject();
                json.WriteString("from", move.Claim.MessageId);
                json.WriteString("to", entries[i].Message.MessageId);
                json.WriteString("destinationArn", move.Destination.Arn);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            StoredMessages.WriteMoved(json, entries);
        })
        {
            Attachment = StoredMessages.Attachment(entries.Select(e => e.Message).ToList()),
        };
    }

    private async Task<Logged<MoveStep>> FinishAsync(LogTransaction tx, MoveTaskRecord current, string status, EventType eventType, string? reason)
    {
        await tx.MoveTasks.FinishAsync(task.TaskId, status, reason, tx.Now);
        return new Logged<MoveStep>(new MoveStep(0, true, []), eventType, json =>
        {
            if (reason is null)
            {
                MoveTaskEvents.WriteTask(json, current);
                json.WriteString("runner", runnerId);
            }
            else
            {
                execution.WriteFailure(json, current, reason);
            }
        });
    }

    private sealed record Move(ClaimedMessage Claim, StoredEntry Entry, StoredMessage Message, QueueRecord Destination, DataKeyLease Lease);

    private sealed record Plan(IReadOnlyList<Move> Moves, IReadOnlyList<QueueRecord> Needed, string? Failure)
    {
        public static Plan Failed(string reason) => new([], [], reason);
    }
}
