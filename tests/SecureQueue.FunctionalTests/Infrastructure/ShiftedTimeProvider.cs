namespace SecureQueue.FunctionalTests.Infrastructure;

/// <summary>The system clock moved forward by a settable offset, to reach retention deadlines without waiting for them.</summary>
public sealed class ShiftedTimeProvider : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
}
