using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using SecureQueue.Gateway.Keys;
using SecureQueue.Log.Events;
using SecureQueue.Log.Messages;

namespace SecureQueue.Gateway.Hosting;

/// <summary>
/// Removes the messages PurgeQueue and DeleteQueue leave behind (118_batched_purge.sql), a batch per writer transaction,
/// each recorded in a <c>MessagesPurged</c> event, and then destroys the queue's retired data keys (named in a last such
/// event). A purge's call starts its sweep and waits for it for a while; what is left then, or after a crash, is swept by
/// the next pass of any replica.
/// </summary>
public sealed partial class PurgeSweeper(LogWriter writer, KeyService keys, NpgsqlDataSource dataSource, ILogger<PurgeSweeper> logger) : BackgroundService
{
    private const int BatchSize = 1000;
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    // Rows a receive held when the batches passed are back in moments; the sweep goes over the queue again after this.
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(200);
    private static readonly MessageKey First = new(long.MinValue, short.MinValue);

    private readonly ConcurrentDictionary<PurgeSweep, Lazy<Task<bool>>> running = new();
    private readonly CancellationTokenSource stopping = new();

    /// <summary>
    /// Starts the sweep of a committed purge (once per process however often it is asked) and waits for it up to
    /// <paramref name="limit"/>: true when it has finished. A sweep that outlasts the wait, or fails (logged), goes on in
    /// later passes.
    /// </summary>
    public async Task<bool> SweepAsync(PurgeSweep sweep, TimeSpan limit)
    {
        try
        {
            return await Start(sweep).WaitAsync(limit, stopping.Token);
        }
        catch (Exception exception) when (exception is TimeoutException or OperationCanceledException)
        {
            return false;
        }
    }

    private Task<bool> Start(PurgeSweep sweep) => running.GetOrAdd(sweep, s => new Lazy<Task<bool>>(() => Task.Run(() => RunAsync(s)))).Value;

    private async Task<bool> RunAsync(PurgeSweep sweep)
    {
        try
        {
            await SweepToEndAsync(sweep, stopping.Token);
            return true;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception exception)
        {
            LogSweepFailed(logger, sweep.QueueId, exception);
            return false;
        }
        finally
        {
            running.TryRemove(sweep, out _);
        }
    }

    private async Task SweepToEndAsync(PurgeSweep sweep, CancellationToken cancellationToken)
    {
        var after = First;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var removed = await DeleteBatchAsync(sweep, after);
            if (removed.Count == BatchSize)
            {
                after = removed.MaxBy(k => (k.Position, k.Index));
                continue;
            }

            // A short batch has passed the queue's end. Rows a receive held meanwhile are still there: the sweep goes over
            // the queue again for them, and finishes only when none is left.
            after = First;
            if (!await MessageStore.PurgedRowsLeftAsync(dataSource, sweep, cancellationToken))
            {
                var state = await FinishAsync(sweep);
                if (state is PurgeState.Finished or PurgeState.Superseded)
                {
                    return;
                }
            }

            await Task.Delay(RetryDelay, cancellationToken);
        }
    }

    /// <summary>Deletes one batch of the purge's rows from <paramref name="after"/> on, in a writer transaction of its own.</summary>
    private async Task<IReadOnlyList<MessageKey>> DeleteBatchAsync(PurgeSweep sweep, MessageKey after)
    {
        var outcome = await writer.ExecuteAsync(Envelope(), async tx =>
        {
            var removed = await tx.Messages.DeletePurgedAsync(sweep, after, BatchSize);
            return new Logged<IReadOnlyList<MessageKey>>(removed, EventTypes.MessagesPurged, json => WriteDetail(json, sweep, removed.Count, []))
            {
                Append = removed.Count > 0,
            };
        });
        return outcome.Result;
    }

    /// <summary>Ends the sweep when no purged row is left, and destroys the queue's retired keys that no message needs.</summary>
    private async Task<PurgeState> FinishAsync(PurgeSweep sweep)
    {
        var outcome = await writer.ExecuteAsync(Envelope(), async tx =>
        {
            var state = await tx.Messages.FinishPurgeAsync(sweep);
            IReadOnlyList<Guid> destroyed = state == PurgeState.Finished ? await tx.DataKeys.DestroyRetiredAsync(sweep.QueueId, tx.Now) : [];
            return new Logged<(PurgeState State, IReadOnlyList<Guid> Destroyed)>((state, destroyed), EventTypes.MessagesPurged, json => WriteDetail(json, sweep, 0, destroyed))
            {
                Append = destroyed.Count > 0,
            };
        });
        keys.Forget(outcome.Result.Destroyed);
        return outcome.Result.State;
    }

    private static AuditEnvelope Envelope() => new(Guid.NewGuid(), "PurgeSweep", "secq:system", null, "internal", null, null, null, null);

    private static void WriteDetail(Utf8JsonWriter json, PurgeSweep sweep, int purged, IReadOnlyList<Guid> destroyed)
    {
        json.WriteNumber("queueId", sweep.QueueId);
        json.WriteNumber("generation", sweep.Generation);
        json.WriteNumber("purged", purged);
        DataKeyEvents.WriteDestroyed(json, destroyed);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The wall clock: sweeping is upkeep of rows, not a step of any queue's time.
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                foreach (var sweep in await MessageStore.PendingPurgesAsync(dataSource, stoppingToken))
                {
                    _ = Start(sweep);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogPassFailed(logger, exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await stopping.CancelAsync();
        await base.StopAsync(cancellationToken);
        await Task.WhenAll(running.Values.Select(s => s.Value)).WaitAsync(cancellationToken);
    }

    public override void Dispose()
    {
        stopping.Dispose();
        base.Dispose();
    }

    [LoggerMessage(EventId = 3002, Level = LogLevel.Error, Message = "Sweeping the purge of queue {QueueId} failed; the next pass goes on with it")]
    private static partial void LogSweepFailed(ILogger logger, long queueId, Exception exception);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Error, Message = "Finding purges to sweep failed; retrying at the next pass")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);
}
