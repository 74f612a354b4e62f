using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SecureQueue.FunctionalTests.Infrastructure;

/// <summary>Keeps every log line a gateway writes, for tests that assert a warning was given or show why they failed.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> entries = new();

    public IReadOnlyCollection<LogEntry> Entries => entries;

    /// <summary>Warnings and errors with their exceptions, one per line: a failure message's evidence.</summary>
    public string Problems => string.Join(
        Environment.NewLine, entries.Where(e => e.Level >= LogLevel.Warning).Select(e => $"{e.Level} {e.Id.Id}: {e.Message} {e.Exception}"));

    public ILogger CreateLogger(string categoryName) => new Logger(entries);

    public void Dispose()
    {
    }

    public sealed record LogEntry(LogLevel Level, EventId Id, string Message, Exception? Exception);

    private sealed class Logger(ConcurrentQueue<LogEntry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue(new LogEntry(logLevel, eventId, formatter(state, exception), exception));
    }
}
