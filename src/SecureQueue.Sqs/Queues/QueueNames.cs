using System.Text.RegularExpressions;
using SecureQueue.Sqs.Errors;

namespace SecureQueue.Sqs.Queues;

internal static partial class QueueNames
{
    /// <summary>
    /// 1–80 of <c>[A-Za-z0-9_-]</c>; a FIFO queue (FifoQueue=true in <paramref name="requested"/>) ends in <c>.fifo</c>,
    /// which counts towards the 80, and only a FIFO queue may.
    /// </summary>
    public static string Validate(string name, IReadOnlyDictionary<string, string> requested)
    {
        FifoAttributes.CheckName(name, requested);
        var stem = FifoAttributes.IsFifoName(name) ? name[..^FifoAttributes.Suffix.Length] : name;
        return stem.Length > 0 && name.Length <= 80 && NamePattern().IsMatch(stem)
            ? name
            : throw SqsErrors.InvalidParameterValue("Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length");
    }

    /// <summary>
    /// True when a queue could have this name, FIFO names included. Names that could not are never looked up,
    /// so no caller-supplied text the database cannot hold (a NUL, say) reaches a query.
    /// </summary>
    public static bool CouldExist(string name) => WellFormedPattern().IsMatch(name);

    /// <summary>True when some queue name could start with <paramref name="prefix"/>.</summary>
    public static bool CouldStartWith(string prefix) => prefix.Length == 0 || CouldExist(prefix);

    [GeneratedRegex("^[A-Za-z0-9_-]{1,80}\\z")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^[A-Za-z0-9_.-]{1,80}\z")]
    private static partial Regex WellFormedPattern();
}
