using Spectre.Console;

namespace SecureQueue.Cli.Commands;

/// <summary>
/// A Spectre.Console progress bar on stderr for a command that can run long, only when stderr is the process's own and a
/// terminal: scripts, CI logs and redirected output get no redraws or escape codes, and stdout stays the command's result.
/// </summary>
internal static class TerminalProgress
{
    public static bool IsShown(TextWriter error) => ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected;

    /// <summary>Runs <paramref name="work"/>, handing it a reporter when progress is shown and null otherwise.</summary>
    public static async Task<T> RunAsync<T>(TextWriter error, string description, Func<Reporter?, Task<T>> work)
    {
        if (!IsShown(error))
        {
            return await work(null);
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(error) });
        return await console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(description), maxValue: 1);
                task.IsIndeterminate = true;
                var result = await work(new Reporter(task, description));
                task.Value = task.MaxValue;
                task.StopTask();
                return result;
            });
    }

    /// <summary>
    /// Takes either a running count (<c>verified 12,345 events</c>, no total known) or done-of-total (a bar);
    /// Spectre's task is thread-safe and redrawn by its own timer, so reports cost no terminal writes.
    /// </summary>
    internal sealed class Reporter(ProgressTask task, string description) : IProgress<long>, IProgress<(long Done, long Total)>
    {
        public void Report(long value) => task.Description = Markup.Escape($"{description} {value:N0}");

        public void Report((long Done, long Total) value)
        {
            task.IsIndeterminate = false;
            task.MaxValue = Math.Max(1, value.Total);
            task.Value = Math.Min(value.Done, task.MaxValue);
            task.Description = Markup.Escape($"{description} {value.Done:N0}/{value.Total:N0}");
        }
    }
}
