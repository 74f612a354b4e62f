using System.Text.RegularExpressions;
using SecureQueue.Sqs.Errors;
using SecureQueue.Sqs.Protocol;

namespace SecureQueue.Sqs.Messages;

/// <summary>The checks every batch action makes on its entries before looking at any of them.</summary>
internal static partial class BatchEntries
{
    public static IReadOnlyList<(string Id, SqsParameters Entry)> Read(SqsParameters parameters, string jsonName, string queryPrefix)
    {
        var entries = parameters.Entries(jsonName, queryPrefix);
        if (entries.Count == 0)
        {
            throw SqsErrors.EmptyBatchRequest(queryPrefix);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<(string, SqsParameters)>(entries.Count);
        foreach (var entry in entries)
        {
            var id = entry.String("Id") ?? throw SqsErrors.MissingParameter($"{queryPrefix}.Id");
            if (!IdPattern().IsMatch(id))
            {
                throw SqsErrors.InvalidBatchEntryId();
            }

            if (!seen.Add(id))
            {
                throw SqsErrors.BatchEntryIdsNotDistinct(id);
            }

            result.Add((id, entry));
        }

        return result;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,80}\\z")]
    private static partial Regex IdPattern();
}
