using System.Text.RegularExpressions;
using SecureQueue.Sqs.Errors;

namespace SecureQueue.Sqs.Queues;

public static partial class QueueNames
{
    /// <summary>1–80 of <c>[A-Za-z0-9_-]</c>; FIFO names (<c>.fifo</c>) are refused until FIFO queues are supported.</summary>
    public static string Validate(string name)
    {
        if (name.EndsWith(".fifo", StringComparison.Ordinal))
        {
            throw SqsErrors.InvalidParameterValue("FIFO queues are not supported by this SecureQueue version.");
        }

        return NamePattern().IsMatch(name)
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
