using SecureQueue.Cli.Commands;

namespace SecureQueue.FunctionalTests.Cli;

public sealed class ProgressBarTests
{
    [Fact]
    public void Report_DrawsOncePerPercentFromZeroAndEndsTheLine()
    {
        using var error = new StringWriter();
        var bar = new ProgressBar(error, "records");
        for (var done = 1; done <= 400; done++)
        {
            bar.Report((done, 400));
        }

        bar.Done();
        var text = error.ToString();
        Assert.Equal(101, text.Count(c => c == '\r'));
        Assert.Contains("\r[###############---------------]  50%  200/400 records", text, StringComparison.Ordinal);
        Assert.EndsWith("\r[##############################] 100%  400/400 records" + Environment.NewLine, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Done_NothingReported_WritesNothing()
    {
        using var error = new StringWriter();
        new ProgressBar(error, "records").Done();
        Assert.Empty(error.ToString());
    }
}
