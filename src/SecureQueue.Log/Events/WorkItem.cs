namespace SecureQueue.Log.Events;

/// <summary>A call waiting for the writer: its work, its envelope, and the caller to complete after commit.</summary>
internal abstract class WorkItem(AuditEnvelope envelope, Prefetch prefetch)
{
    public AuditEnvelope Envelope { get; } = envelope;

    public Prefetch Prefetch { get; } = prefetch;

    /// <summary>Runs the work and appends the call's event (unless the work asks to skip it).</summary>
    public abstract ValueTask RunAsync(LogTransaction transaction);

    /// <summary>Reports the outcome of the last <see cref="RunAsync"/> once its transaction committed.</summary>
    public abstract void Complete();

    public abstract void Fail(Exception exception);
}

internal sealed class WorkItem<T>(AuditEnvelope envelope, Func<LogTransaction, ValueTask<Logged<T>>> work, Prefetch prefetch)
    : WorkItem(envelope, prefetch)
{
    private readonly TaskCompletionSource<LogOutcome<T>> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T? value;
    private CallFailedException? failure;
    private PendingEvent? appended;

    public Task<LogOutcome<T>> Task => completion.Task;

    public override async ValueTask RunAsync(LogTransaction transaction)
    {
        try
        {
            var logged = await work(transaction);
            (value, failure) = (logged.Value, null);
            appended = logged.Append ? transaction.Append(Envelope, logged.EventType, null, null, logged.Detail, logged.Attachment) : null;
        }
        catch (CallFailedException failed)
        {
            (value, failure) = (default, failed);
            appended = transaction.Append(Envelope, EventTypes.CallFailed, failed.ErrorCode, failed.Message, null, null);
        }
    }

    public override void Complete() => completion.TrySetResult(new LogOutcome<T>(value, failure, appended?.Sequence));

    public override void Fail(Exception exception) => completion.TrySetException(exception);
}

/// <summary>The committed result of a call: its value or its failure, and its event's sequence number in Marten's store.</summary>
public sealed record LogOutcome<T>(T? Value, CallFailedException? Failure, long? Sequence)
{
    /// <summary>The value, or the call's failure rethrown.</summary>
    public T Result => Failure is null ? Value! : throw Failure;
}
