namespace SecureQueue.Gateway.Tests.Authentication.SigV4;

/// <summary>A settable clock (Microsoft.Extensions.TimeProvider.Testing is not referenced by this solution).</summary>
internal sealed class FakeTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
