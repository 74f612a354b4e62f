namespace SecureQueue.Gateway.Hosting;

/// <summary>
/// Runs the loads of a setting that is reloaded while the gateway runs, telling each failure start-up would also refuse
/// (a broken file, one not readable) from the one before it, so the same broken files are reported once, not at every poll.
/// </summary>
internal sealed class ReloadAttempts<T>(Func<T> load)
    where T : class
{
    private string? lastFailure;

    /// <summary>The loaded value, or why it could not be loaded and whether the last attempt failed the same way.</summary>
    public (T? Loaded, string? Failure, bool Repeated) Run()
    {
        try
        {
            var loaded = load();
            lastFailure = null;
            return (loaded, null, false);
        }
        catch (Exception exception) when (exception is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            var repeated = exception.Message == lastFailure;
            lastFailure = exception.Message;
            return (null, exception.Message, repeated);
        }
    }
}
