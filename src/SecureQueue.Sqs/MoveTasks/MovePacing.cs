namespace SecureQueue.Sqs.MoveTasks;

/// <summary>
/// Paces a move task at its rate (messages per second): from the moment a runner took the task, at most
/// <c>rate × elapsed seconds</c> messages plus one first batch, in batches of at most <see cref="MaxBatch"/>
/// (what SQS's own SendMessageBatch allows). Pure: the runner passes the time and what it moved.
/// </summary>
internal sealed class MovePacing(int rate, DateTimeOffset start)
{
    public const int MaxBatch = 10;

    /// <summary>What a task moves per second when MaxNumberOfMessagesPerSecond is left out.</summary>
    public const int DefaultRate = 100;

    private readonly int burst = Math.Min(rate, MaxBatch);

    /// <summary>How many messages may move now, having moved <paramref name="moved"/> since the start; 0 means wait.</summary>
    public int Allowed(DateTimeOffset now, long moved)
    {
        var budget = (long)Math.Floor(rate * Math.Max(0, (now - start).TotalSeconds)) + burst - moved;
        return (int)Math.Clamp(budget, 0, MaxBatch);
    }

    /// <summary>How long to wait until one more message may move.</summary>
    public TimeSpan Wait(DateTimeOffset now, long moved)
    {
        // A millisecond past the due time, so floating-point rounding in Allowed cannot make the wait end a hair early.
        var due = start + TimeSpan.FromSeconds((double)(moved - burst + 1) / rate) + TimeSpan.FromMilliseconds(1);
        return due > now ? due - now : TimeSpan.Zero;
    }
}
