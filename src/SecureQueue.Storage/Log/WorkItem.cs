namespace SecureQueue.Storage.Log;

/// <summary>A call waiting for the writer: its work, its envelope, and the caller to complete after commit.</summary>
internal abstract class WorkItem(AuditEnvelope envelope)
{
    public AuditEnvelope Envelope { get; } = envelope;

    /// <summary>Runs the work and appends the call's event (unless the work asks to skip it).</summary>
    public abstract ValueTask RunAsync(LogTransaction transaction);

    /// <summary>Reports the outcome of the last <see cref="RunAsync"/> once its transaction committed.</summary>
    public abstract void Complete();

    public abstract void Fail(Exception exception);
}

internal sealed class WorkItem<T>(AuditEnvelope envelope, Func<LogTransaction, ValueTask<Logged<T>>> work) : WorkItem(envelope)
{
    private readonly TaskCompletionSource<LogOutcome<T>> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private LogOutcome<T>? outcome;

    public Task<LogOutcome<T>> Task => completion.Task;

    public override async ValueTask RunAsync(LogTransaction transaction)
    {
        try
        {
            var logged = await work(transaction);
            if (logged.Append)
            {
                transaction.Append(Envelope, logged.EventType, null, null, logged.Detail);
            }

            outcome = new LogOutcome<T>(logged.Value, null, logged.Append ? transaction.LastPosition : null);
        }
        catch (CallFailedException failure)
        {
            transaction.Append(Envelope, "CallFailed", failure.ErrorCode, failure.Message, null);
            outcome = new LogOutcome<T>(default, failure, transaction.LastPosition);
        }
    }

    public override void Complete() => completion.TrySetResult(outcome!);

    public override void Fail(Exception exception) => completion.TrySetException(exception);
}

/// <summary>The committed result of a call: its value or its SQS failure, and the position of its event.</summary>
public sealed record LogOutcome<T>(T? Value, CallFailedException? Failure, long? Position)
{
    /// <summary>The value, or the call's failure rethrown.</summary>
    public T Result => Failure is null ? Value! : throw Failure;
}
