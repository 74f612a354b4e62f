namespace SecureQueue.Cli.Commands;

/// <summary>
/// A self-overwriting bar on a terminal's stderr (<c>[######--------------]  30%  3,000/10,000 records</c>), redrawn
/// at most once a percent; null when stderr is not a terminal, so scripts and logs get no carriage returns.
/// </summary>
internal sealed class ProgressBar(TextWriter error, string noun) : IProgress<(long Done, long Total)>
{
    private const int Width = 30;
    private int drawn = -1;

    public static ProgressBar? OnTerminal(TextWriter error, string noun) =>
        !Console.IsErrorRedirected && ReferenceEquals(error, Console.Error) ? new ProgressBar(error, noun) : null;

    public void Report((long Done, long Total) value)
    {
        var percent = value.Total <= 0 ? 100 : (int)Math.Min(100, value.Done * 100 / value.Total);
        if (percent == drawn)
        {
            return;
        }

        drawn = percent;
        var filled = percent * Width / 100;
        error.Write($"\r[{new string('#', filled)}{new string('-', Width - filled)}] {percent,3}%  {value.Done:N0}/{value.Total:N0} {noun}");
    }

    public void Done()
    {
        if (drawn >= 0)
        {
            error.WriteLine();
        }
    }
}
