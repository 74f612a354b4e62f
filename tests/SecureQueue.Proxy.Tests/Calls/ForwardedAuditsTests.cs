using Microsoft.Extensions.Logging;
using SecureQueue.Proxy.Calls;

namespace SecureQueue.Proxy.Tests.Calls;

public sealed class ForwardedAuditsTests
{
    [Fact]
    public async Task QueueAsync_StartsTheAppendBeforeItReturns()
    {
        using var audits = new ForwardedAudits(null!, new Captured(), maxPending: 1);
        var commit = new TaskCompletionSource();
        var started = false;

        await audits.QueueAsync(Guid.NewGuid(), () =>
        {
            started = true;
            return commit.Task;
        });

        // The writer's channel holds the event once the append started: a stopping gateway commits it.
        Assert.True(started);
        commit.SetResult();
    }

    [Fact]
    public async Task QueueAsync_AllPlacesTaken_WaitsUntilACommitFreesOne()
    {
        using var audits = new ForwardedAudits(null!, new Captured(), maxPending: 2);
        var commits = new[] { new TaskCompletionSource(), new TaskCompletionSource() };
        await audits.QueueAsync(Guid.NewGuid(), () => commits[0].Task);
        await audits.QueueAsync(Guid.NewGuid(), () => commits[1].Task);

        var third = audits.QueueAsync(Guid.NewGuid(), () => Task.CompletedTask);
        await Task.Delay(100);
        Assert.False(third.IsCompleted);

        commits[1].SetResult();
        await third.WaitAsync(TimeSpan.FromSeconds(5));
        commits[0].SetResult();
    }

    [Fact]
    public async Task QueueAsync_AppendFails_LoggedAsCriticalAndThePlaceFreed()
    {
        var log = new Captured();
        using var audits = new ForwardedAudits(null!, log, maxPending: 1);
        var requestId = Guid.NewGuid();

        await audits.QueueAsync(requestId, () => Task.FromException(new InvalidOperationException("The log writer has stopped.")));
        await audits.QueueAsync(Guid.NewGuid(), () => Task.CompletedTask).WaitAsync(TimeSpan.FromSeconds(5));

        var entry = Assert.Single(log.Entries);
        Assert.Equal(LogLevel.Critical, entry.Level);
        Assert.Contains(requestId.ToString(), entry.Message, StringComparison.Ordinal);
    }

    private sealed class Captured : ILogger<ForwardedAudits>
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Entries)
            {
                Entries.Add((logLevel, formatter(state, exception)));
            }
        }
    }
}
