using System.Text;

namespace SecureQueue.Log.Audit;

/// <summary>
/// The checkpoint file: one JSON line per checkpoint, appended only, outside the database. Each append takes the
/// file's exclusive lock (FileShare.None is an advisory <c>flock</c> on Unix), so processes that share a file never
/// interleave or overwrite lines, and is flushed to disk before the checkpoint is stored in the database.
/// </summary>
public static class CheckpointFile
{
    public const string Setting = "SecureQueue:Audit:CheckpointFile";
    private const int Attempts = 100;
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(20);

    public static void Append(string path, Checkpoint checkpoint)
    {
        var line = Encoding.UTF8.GetBytes(checkpoint.ToJsonLine() + "\n");
        Locked(() =>
        {
            using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.None);
            stream.Write(line);
            stream.Flush(flushToDisk: true);
        });
    }

    /// <summary>Every line with its number (from 1): a checkpoint, or why the line is not one.</summary>
    public static IReadOnlyList<(int Line, Checkpoint? Checkpoint, string? Error)> Read(string path)
    {
        var lines = Locked(() =>
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var read = new List<string>();
            while (reader.ReadLine() is { } line)
            {
                read.Add(line);
            }

            return read;
        });

        var result = new List<(int, Checkpoint?, string?)>(lines.Count);
        for (var i = 0; i < lines.Count; i++)
        {
            try
            {
                result.Add((i + 1, Checkpoint.FromJsonLine(lines[i]), null));
            }
            catch (FormatException exception)
            {
                result.Add((i + 1, null, exception.Message));
            }
        }

        return result;
    }

    /// <summary>The newest checkpoint in the file, or null for a missing or empty file; a last line that is not one throws.</summary>
    public static Checkpoint? Last(string path)
    {
        if (!File.Exists(path) || Read(path) is not [.., var last])
        {
            return null;
        }

        return last.Checkpoint ?? throw new InvalidOperationException(
            $"{Setting} '{path}': line {last.Line} is not a checkpoint ({last.Error}); the file must end with one. Check it with secq audit verify.");
    }

    private static void Locked(Action action) => Locked(() =>
    {
        action();
        return true;
    });

    private static T Locked<T>(Func<T> action)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return action();
            }
            catch (IOException exception) when (attempt < Attempts && exception is not FileNotFoundException and not DirectoryNotFoundException)
            {
                // Another process holds the lock for the few microseconds of its own append.
                Thread.Sleep(Pause);
            }
        }
    }
}
