using SecureQueue.Cli.Commands;
using Spectre.Console;

namespace SecureQueue.FunctionalTests.Cli;

/// <summary>When progress is drawn, and what a report does to the bar (pure: no terminal involved).</summary>
public sealed class TerminalProgressTests
{
    [Fact]
    public void IsShown_WriterThatIsNotTheProcessStderr_False()
    {
        using var writer = new StringWriter();
        Assert.False(TerminalProgress.IsShown(writer));
    }

    [Fact]
    public async Task RunAsync_NotShown_HandsTheWorkNoReporterAndWritesNothing()
    {
        using var writer = new StringWriter();
        var result = await TerminalProgress.RunAsync(writer, "verified events", reporter => Task.FromResult(reporter is null ? "none" : "some"));
        Assert.Equal("none", result);
        Assert.Empty(writer.ToString());
    }

    [Fact]
    public void Report_DoneOfTotal_FillsTheBar()
    {
        var task = new ProgressTask(1, "exported records", 1) { IsIndeterminate = true };
        var reporter = new TerminalProgress.Reporter(task, "exported records");

        reporter.Report((250L, 1000L));

        Assert.False(task.IsIndeterminate);
        Assert.Equal(1000, task.MaxValue);
        Assert.Equal(250, task.Value);
        Assert.Equal("exported records 250/1,000", task.Description);
    }

    [Fact]
    public void Report_Count_NamesItWithoutABar()
    {
        var task = new ProgressTask(1, "verified events", 1) { IsIndeterminate = true };
        var reporter = new TerminalProgress.Reporter(task, "verified events");

        reporter.Report(12_345L);

        Assert.True(task.IsIndeterminate);
        Assert.Equal("verified events 12,345", task.Description);
    }
}
