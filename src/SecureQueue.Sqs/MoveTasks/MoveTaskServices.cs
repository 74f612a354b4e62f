using SecureQueue.Gateway.Identity;
using SecureQueue.Log.MoveTasks;

namespace SecureQueue.Sqs.MoveTasks;

/// <summary>What the move task actions and the runner share: handles, the task reader, permissions, and the runners' wake-up.</summary>
internal sealed record MoveTaskServices(TaskHandles Handles, MoveTaskReader Tasks, MovePermissions Permissions, IdentitySource Identities, MoveTaskSignal Signal);

/// <summary>Wakes this process's runner when a call started or cancelled a task, so it does not wait for its next poll.</summary>
internal sealed class MoveTaskSignal : IDisposable
{
    private readonly SemaphoreSlim wake = new(0, 1);

    public void Wake()
    {
        try
        {
            wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken; the next poll sees this change too.
        }
    }

    public void Dispose() => wake.Dispose();

    /// <summary>Completes when woken or after <paramref name="timeout"/>.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => wake.WaitAsync(timeout, cancellationToken);
}
