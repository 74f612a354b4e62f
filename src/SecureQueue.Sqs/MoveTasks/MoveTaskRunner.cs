using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SecureQueue.Log.Audit;
using SecureQueue.Log.MoveTasks;

namespace SecureQueue.Sqs.MoveTasks;

/// <summary>
/// Runs the active move tasks. Every replica polls the task projection (and is woken by its own Start and Cancel calls);
/// a task is run by whichever replica holds its PostgreSQL advisory lock (<see cref="AdvisoryLease"/>, keyed by the task
/// id), so exactly one executes it at a time. When that replica stops or dies, its session and the lock end, and the next
/// poll of any replica takes the task over from the state in the log.
/// </summary>
internal sealed partial class MoveTaskRunner(SqsServices services, SealedLog log, ILogger<MoveTaskRunner> logger) : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<Guid, Task> running = new();

    /// <summary>Names this process in the events of the tasks it runs.</summary>
    public string RunnerId { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Pruned here rather than by each run as it ends: a run can end before it was even added.
                foreach (var done in running.Where(r => r.Value.IsCompleted).Select(r => r.Key).ToList())
                {
                    running.TryRemove(done, out _);
                }

                foreach (var task in await services.MoveTasks.Tasks.ActiveAsync(stoppingToken))
                {
                    if (!running.ContainsKey(task.TaskId))
                    {
                        running[task.TaskId] = Task.Run(() => RunAsync(task, stoppingToken), CancellationToken.None);
                    }
                }

                await services.MoveTasks.Signal.WaitAsync(Poll, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                LogPollFailed(logger, exception);
                await Task.Delay(Poll, services.Time, CancellationToken.None);
            }
        }

        await Task.WhenAll(running.Values);
    }

    private async Task RunAsync(MoveTaskRecord task, CancellationToken stoppingToken)
    {
        try
        {
            await using var lease = log.Lease(LockKey(task.TaskId));
            if (!await lease.HoldAsync(stoppingToken))
            {
                return;
            }

            LogTaken(logger, task.TaskId);
            await new MoveTaskExecution(services, task, RunnerId, lease).RunAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown: the lock ends with this process's session, and another replica (or this one, restarted) resumes the task.
        }
        catch (Exception exception)
        {
            LogTaskFailed(logger, task.TaskId, exception);
        }
    }

    // One lock key space for tasks, apart from the sealer's and the export's constant keys (those have these top bits clear).
    private static long LockKey(Guid taskId)
    {
        Span<byte> bytes = stackalloc byte[16];
        taskId.TryWriteBytes(bytes);
        return (BitConverter.ToInt64(bytes) ^ BitConverter.ToInt64(bytes[8..])) | unchecked((long)0xC000_0000_0000_0000);
    }

    [LoggerMessage(EventId = 4601, Level = LogLevel.Information, Message = "This replica now runs message move task {TaskId}")]
    private static partial void LogTaken(ILogger logger, Guid taskId);

    [LoggerMessage(EventId = 4602, Level = LogLevel.Error, Message = "Message move task {TaskId} stopped on an error; a runner takes it up again")]
    private static partial void LogTaskFailed(ILogger logger, Guid taskId, Exception exception);

    [LoggerMessage(EventId = 4603, Level = LogLevel.Error, Message = "Reading the message move tasks failed; polling again")]
    private static partial void LogPollFailed(ILogger logger, Exception exception);
}
