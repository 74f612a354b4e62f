namespace SecureQueue.Cli.Commands;

/// <summary>
/// One self-overwriting line on a terminal's stderr (<c>verified 12,345 events…</c>); null when stderr is not a
/// terminal, so scripts and logs get no carriage returns. Reports arrive on the working thread, so writes never interleave.
/// </summary>
internal sealed class ProgressLine(TextWriter error, string verb, string noun) : IProgress<long>
{
    public static ProgressLine? OnTerminal(TextWriter error, string verb, string noun) =>
        !Console.IsErrorRedirected && ReferenceEquals(error, Console.Error) ? new ProgressLine(error, verb, noun) : null;

    public void Report(long value) => error.Write($"\r{verb} {value:N0} {noun}…");

    public void Done() => error.WriteLine();
}
