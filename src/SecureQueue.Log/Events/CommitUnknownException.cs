namespace SecureQueue.Log.Events;

/// <summary>
/// The connection broke during a batch's COMMIT and no server could be asked, within a minute, whether it committed.
/// Its calls fail without being run again: re-running a call that did commit would store it twice.
/// </summary>
public sealed class CommitUnknownException(int calls, Exception cause)
    : Exception($"The connection broke during the commit of {calls} calls and no server answered whether they committed.", cause);
